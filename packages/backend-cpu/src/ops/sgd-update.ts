import type { SgdOptions, Tensor } from "@alexnet-ts/engine";
import { requireNumber, requireSameShape } from "../shapes.js";
import { sgdUpdateInWasm } from "../sgd-wasm.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * One SGD step, PyTorch's formulation: g' = g + weightDecay·p; v ← momentum·v + g'; p ← p − lr·v.
 * The results are new tensors (the inputs stay valid until the caller disposes them); their
 * storage comes from the reuse pool, so a steady training loop allocates nothing here.
 */
export function sgdUpdate(store: TensorStore, parameter: Tensor, gradient: Tensor, velocity: Tensor, options: SgdOptions): { parameter: CpuTensor; velocity: CpuTensor } {
  const op = "sgdUpdate";
  const current = store.read(op, parameter, "parameter");
  const gradients = store.read(op, gradient, "gradient");
  const velocities = store.read(op, velocity, "velocity");
  requireSameShape(op, gradients.shape, "gradient", current.shape, "parameter");
  requireSameShape(op, velocities.shape, "velocity", current.shape, "parameter");
  const { learningRate, momentum, weightDecay } = options;
  requireNumber(op, learningRate, "learningRate", () => true, "a finite number");
  requireNumber(op, momentum, "momentum", () => true, "a finite number");
  requireNumber(op, weightDecay, "weightDecay", () => true, "a finite number");
  const nextParameter = store.createUninitialized(current.shape);
  const nextVelocity = store.createUninitialized(current.shape);
  const p = current.values;
  const g = gradients.values;
  const v = velocities.values;
  const pOut = nextParameter.values;
  const vOut = nextVelocity.values;
  // The WebAssembly kernel on every thread where the arrays live in wasm memory (the same values).
  if (sgdUpdateInWasm({ parameter: p, gradient: g, velocity: v, nextParameter: pOut, nextVelocity: vOut }, options)) return { parameter: nextParameter, velocity: nextVelocity };
  for (let index = 0; index < p.length; index++) {
    const step = momentum * v[index] + g[index] + weightDecay * p[index];
    vOut[index] = step;
    pOut[index] = p[index] - learningRate * vOut[index];
  }
  return { parameter: nextParameter, velocity: nextVelocity };
}
