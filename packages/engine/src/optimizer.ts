import type { Tensor } from "./backend.js";
import type { SgdOptions } from "./backend-options.js";
import type { HostTensor, Model, ParameterUpdater } from "./model.js";

/** SGD with momentum and weight decay; velocities live on the device, one per trainable parameter. */
export interface SgdOptimizer extends ParameterUpdater {
  learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** Velocities by parameter name, copied to the host (for checkpoints). */
  exportState(): Promise<Map<string, HostTensor>>;
  /** Restores velocities saved by exportState. */
  importState(state: ReadonlyMap<string, HostTensor>): void;
  dispose(): void;
}

/** Creates the paper's optimizer (section 5) in PyTorch's formulation; see BackendOverrides.sgdUpdate. */
export function createSgdOptimizer(model: Model, options: SgdOptions): SgdOptimizer {
  const backend = model.backend;
  const velocities = new Map<string, Tensor>();
  const optimizer: SgdOptimizer = {
    learningRate: options.learningRate,
    momentum: options.momentum,
    weightDecay: options.weightDecay,
    apply(target, gradients) {
      const settings = { learningRate: optimizer.learningRate, momentum: optimizer.momentum, weightDecay: optimizer.weightDecay };
      for (const name of target.trainableParameterNames()) {
        const gradient = gradients.get(name);
        if (gradient === undefined) continue;
        const parameter = target.parameter(name);
        const velocity = velocities.get(name) ?? backend.fill(parameter.shape, 0);
        const updated = backend.sgdUpdate(parameter, gradient, velocity, settings);
        backend.dispose(velocity);
        velocities.set(name, updated.velocity);
        target.replaceParameter(name, updated.parameter);
      }
    },
    async exportState() {
      const state = new Map<string, HostTensor>();
      for (const [name, tensor] of velocities) state.set(name, { shape: [...tensor.shape], values: await backend.download(tensor) });
      return state;
    },
    importState(state) {
      const trainable = new Set(model.trainableParameterNames());
      for (const [name, tensor] of state) {
        if (!trainable.has(name)) throw new Error(`optimizer state names "${name}", which is not a trainable parameter of ${model.graph.name}`);
        const expected = model.parameter(name).shape;
        if (expected.join() !== tensor.shape.join()) throw new Error(`optimizer state for ${name} has shape [${tensor.shape.join(", ")}], expected [${expected.join(", ")}]`);
      }
      optimizer.dispose();
      for (const [name, tensor] of state) velocities.set(name, backend.upload(tensor.values, tensor.shape));
    },
    dispose() {
      for (const tensor of velocities.values()) backend.dispose(tensor);
      velocities.clear();
    },
  };
  return optimizer;
}
