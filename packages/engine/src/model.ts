import { analyzeGraph, elementCount, GraphError, isActivationOpType, opDefinitions, type AnalyzedGraph, type AnalyzedNode, type Graph } from "@alexnet-ts/ir";
import { activations, type ActivationNode } from "./activations/index.js";
import type { Backend, Tensor } from "./backend.js";
import { drawInitialValues, mixSeeds } from "./initialize.js";
import { layers, type LayerStep } from "./layers/index.js";
import { createRandom } from "./random.js";

/** Host-side copy of a tensor: its shape and float32 values. */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Thrown when a training step's loss is NaN or infinite; the model's parameters are left as they were. */
export class NonFiniteLossError extends Error {
  constructor(readonly loss: number) {
    super(`the loss became ${loss}: training diverged (try a lower learning rate); parameters were left at their last finite values`);
    this.name = "NonFiniteLossError";
  }
}

/** Something that updates parameters from gradients (see optimizer.ts). */
export interface ParameterUpdater {
  apply(model: Model, gradients: ReadonlyMap<string, Tensor>): void;
}

export interface ModelOptions {
  /** Seed for parameter initialization. */
  readonly seed: number;
  /** Merge each conv2d/linear with the ReLU that follows it into one backend call (default true; see makePlan). */
  readonly fuseActivations?: boolean;
}

/** One node as the engine runs it. */
interface PlanStep {
  readonly analyzed: AnalyzedNode;
  /** The graph value this step produces (a fused activation's name when one is merged in). */
  readonly outputName: string;
  readonly fusedActivation: ActivationNode | undefined;
  readonly nodeIndex: number;
}

/** The result of a forward pass kept for the backward pass. */
interface Tape {
  readonly values: Map<string, Tensor>;
  readonly steps: { plan: PlanStep; step: LayerStep }[];
  readonly endName: string;
}

/** Makes a model: the graph bound to a backend, with parameters drawn from its initializers. */
export async function createModel(backend: Backend, graph: Graph, options: ModelOptions): Promise<Model> {
  return new Model(backend, graph, options);
}

/**
 * A graph running on a backend, with its parameters on the device. Inference, loss, gradients
 * and training steps all go through it; every intermediate tensor is disposed before a call returns.
 */
export class Model {
  readonly analyzed: AnalyzedGraph;
  private readonly parameters = new Map<string, Tensor>();
  private readonly plan: PlanStep[];
  /** The node producing class scores (logits): the input of a final softmax/logSoftmax, else the output. */
  readonly logitsName: string;
  private disposed = false;

  constructor(
    readonly backend: Backend,
    readonly graph: Graph,
    options: ModelOptions,
  ) {
    this.analyzed = analyzeGraph(graph);
    const random = createRandom(options.seed);
    for (const parameter of this.analyzed.parameters) {
      const values = drawInitialValues(parameter.initializer, elementCount(parameter.shape), random);
      this.parameters.set(parameter.fullName, backend.upload(values, parameter.shape));
    }
    this.plan = makePlan(this.analyzed, options.fuseActivations ?? true);
    const outputNode = this.analyzed.nodes.find((node) => node.node.name === graph.output);
    const endsInSoftmax = outputNode !== undefined && (outputNode.node.op === "softmax" || outputNode.node.op === "logSoftmax");
    this.logitsName = endsInSoftmax ? outputNode.node.inputs[0] : graph.output;
  }

  /** [channels, height, width] of one input image. */
  get inputShape(): readonly number[] {
    return this.graph.input.shape;
  }

  /** Number of classes the model scores. */
  get classCount(): number {
    return this.analyzed.outputShape[1];
  }

  /** Names of every parameter (trainable or not), in graph order. */
  parameterNames(): string[] {
    return [...this.parameters.keys()];
  }

  /** Names of the parameters gradient descent updates. */
  trainableParameterNames(): string[] {
    return this.analyzed.parameters.filter((parameter) => parameter.trainable).map((parameter) => parameter.fullName);
  }

  /** The device tensor holding a parameter (borrowed: do not dispose). */
  parameter(name: string): Tensor {
    const tensor = this.parameters.get(name);
    if (tensor === undefined) throw new Error(`the model has no parameter named "${name}"`);
    return tensor;
  }

  /** Replaces a parameter's tensor, disposing the old one. The model owns the new tensor. */
  replaceParameter(name: string, tensor: Tensor): void {
    const old = this.parameter(name);
    if (old.shape.join() !== tensor.shape.join()) {
      throw new Error(`parameter ${name} has shape [${old.shape.join(", ")}], not [${tensor.shape.join(", ")}]`);
    }
    this.parameters.set(name, tensor);
    this.backend.dispose(old);
  }

  /** Runs the graph in inference mode and returns its output ([batch × classes] values). */
  async predict(images: Float32Array, batch: number): Promise<Float32Array> {
    const input = this.uploadImages(images, batch);
    const tape = this.forward(input, { training: false, seed: 0, until: this.graph.output });
    try {
      return await this.backend.download(tape.values.get(tape.endName)!);
    } finally {
      this.releaseTape(tape);
    }
  }

  /** Inference-mode loss and logits for labelled images. */
  async evaluate(images: Float32Array, labels: Int32Array, batch: number): Promise<{ loss: number; logits: Float32Array }> {
    const input = this.uploadImages(images, batch);
    this.checkLabels(labels, batch);
    const tape = this.forward(input, { training: false, seed: 0, until: this.logitsName });
    const logits = tape.values.get(tape.endName)!;
    const crossEntropy = this.backend.crossEntropyWithLogits(logits, labels);
    try {
      const [loss, logitValues] = await Promise.all([this.backend.download(crossEntropy.loss), this.backend.download(logits)]);
      return { loss: loss[0], logits: logitValues };
    } finally {
      this.backend.dispose(crossEntropy.loss);
      this.backend.dispose(crossEntropy.gradient);
      this.releaseTape(tape);
    }
  }

  /**
   * Training-mode forward and backward pass: the loss, the logits, and the gradients of the mean
   * cross-entropy for every trainable parameter (device tensors the caller disposes), plus new
   * running statistics. Nothing in the model changes.
   */
  computeGradients(
    images: Float32Array,
    labels: Int32Array,
    options: { seed: number },
  ): { loss: Tensor; logits: Tensor; gradients: Map<string, Tensor>; buffers: Map<string, Tensor>; release(): void } {
    const batch = images.length / elementCount(this.inputShape);
    const input = this.uploadImages(images, batch);
    this.checkLabels(labels, batch);
    const tape = this.forward(input, { training: true, seed: options.seed, until: this.logitsName });
    const logits = tape.values.get(tape.endName)!;
    const crossEntropy = this.backend.crossEntropyWithLogits(logits, labels);
    const { gradients, buffers } = this.backward(tape, crossEntropy.gradient);
    const logitsCopy = this.backend.reshape(logits, logits.shape);
    this.releaseTape(tape);
    return {
      loss: crossEntropy.loss,
      logits: logitsCopy,
      gradients,
      buffers,
      release: () => {
        this.backend.dispose(crossEntropy.loss);
        this.backend.dispose(logitsCopy);
        for (const tensor of gradients.values()) this.backend.dispose(tensor);
        for (const tensor of buffers.values()) this.backend.dispose(tensor);
      },
    };
  }

  /** Gradients downloaded to the host (for checks and comparisons across backends). */
  async gradientsOnHost(images: Float32Array, labels: Int32Array, options: { seed: number }): Promise<{ loss: number; gradients: Map<string, HostTensor> }> {
    const result = this.computeGradients(images, labels, options);
    try {
      const loss = (await this.backend.download(result.loss))[0];
      const gradients = new Map<string, HostTensor>();
      for (const [name, tensor] of result.gradients) gradients.set(name, { shape: [...tensor.shape], values: await this.backend.download(tensor) });
      return { loss, gradients };
    } finally {
      result.release();
    }
  }

  /**
   * One training step: forward (training mode, dropout from `seed`), cross-entropy, backward,
   * then the optimizer's update and the new running statistics. A NaN or infinite loss throws
   * NonFiniteLossError and leaves every parameter as it was.
   */
  async trainStep(images: Float32Array, labels: Int32Array, optimizer: ParameterUpdater, options: { seed: number }): Promise<{ loss: number; correct: number }> {
    const result = this.computeGradients(images, labels, options);
    let applied = false;
    try {
      const [lossValues, logits] = await Promise.all([this.backend.download(result.loss), this.backend.download(result.logits)]);
      const loss = lossValues[0];
      if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss);
      optimizer.apply(this, result.gradients);
      for (const [name, tensor] of result.buffers) this.replaceParameter(name, tensor);
      applied = true;
      return { loss, correct: countCorrect(logits, labels, this.classCount) };
    } finally {
      if (applied) result.buffers.clear();
      result.release();
    }
  }

  /** Every parameter (running statistics included) copied to the host, by full name. */
  async exportParameters(): Promise<Map<string, HostTensor>> {
    const exported = new Map<string, HostTensor>();
    for (const [name, tensor] of this.parameters) exported.set(name, { shape: [...tensor.shape], values: await this.backend.download(tensor) });
    return exported;
  }

  /** Loads parameters by full name; every parameter of the model must be present with its shape. */
  importParameters(parameters: ReadonlyMap<string, HostTensor>): void {
    for (const [name, tensor] of this.parameters) {
      const incoming = parameters.get(name);
      if (incoming === undefined) throw new GraphError(`the weights have no tensor named "${name}", which ${this.graph.name} needs`);
      if (incoming.shape.join() !== tensor.shape.join()) {
        throw new GraphError(`${name} has shape [${incoming.shape.join(", ")}] in the weights, but ${this.graph.name} needs [${tensor.shape.join(", ")}]`);
      }
    }
    for (const name of [...this.parameters.keys()]) {
      const incoming = parameters.get(name)!;
      this.replaceParameter(name, this.backend.upload(incoming.values, incoming.shape));
    }
  }

  /** Releases every parameter tensor. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const tensor of this.parameters.values()) this.backend.dispose(tensor);
    this.parameters.clear();
  }

  private uploadImages(images: Float32Array, batch: number): Tensor {
    const perImage = elementCount(this.inputShape);
    if (!Number.isInteger(batch) || batch < 1 || images.length !== batch * perImage) {
      throw new GraphError(`expected ${batch} images of ${this.inputShape.join("×")} (${batch * perImage} values), but got ${images.length} values`);
    }
    return this.backend.upload(images, [batch, ...this.inputShape]);
  }

  private checkLabels(labels: Int32Array, batch: number): void {
    if (labels.length !== batch) throw new GraphError(`expected ${batch} labels, but got ${labels.length}`);
    for (const label of labels) {
      if (!(label >= 0 && label < this.classCount)) throw new GraphError(`label ${label} is outside 0…${this.classCount - 1}`);
    }
  }

  /** Runs the plan up to (and including) the step producing `until`. The tape owns every value. */
  private forward(input: Tensor, options: { training: boolean; seed: number; until: string }): Tape {
    const values = new Map<string, Tensor>([[this.graph.input.name, input]]);
    const steps: Tape["steps"] = [];
    const remainingReads = options.training ? undefined : countReads(this.plan, options.until);
    for (const plan of this.plan) {
      const node = plan.analyzed.node;
      const inputTensor = values.get(node.inputs[0])!;
      const parameters: Record<string, Tensor> = {};
      for (const parameter of plan.analyzed.parameters) parameters[parameter.name] = this.parameters.get(parameter.fullName)!;
      const layer = layers[node.op] as (typeof layers)["relu"];
      const step = layer(
        {
          backend: this.backend,
          training: options.training,
          seed: mixSeeds(options.seed, plan.nodeIndex),
          fusedActivation: plan.fusedActivation,
          needsInputGradient: node.inputs[0] !== this.graph.input.name,
        },
        node as never,
        inputTensor,
        parameters,
        plan.analyzed,
      );
      values.set(plan.outputName, step.output);
      if (options.training) {
        steps.push({ plan, step });
      } else {
        step.release();
        for (const buffer of Object.values(step.updatedBuffers ?? {})) this.backend.dispose(buffer);
        // Inference keeps nothing for a backward pass: free an input once its last reader has run.
        const left = remainingReads!.get(node.inputs[0])! - 1;
        remainingReads!.set(node.inputs[0], left);
        if (left === 0) {
          this.backend.dispose(inputTensor);
          values.delete(node.inputs[0]);
        }
      }
      if (plan.outputName === options.until || node.name === options.until) return { values, steps, endName: plan.outputName };
    }
    if (options.until === this.graph.input.name) return { values, steps, endName: options.until };
    throw new Error(`the graph has no node "${options.until}"`);
  }

  /** Back-propagates from the gradient of the last tape value; returns parameter gradients and new buffers. */
  private backward(tape: Tape, endGradient: Tensor): { gradients: Map<string, Tensor>; buffers: Map<string, Tensor> } {
    const valueGradients = new Map<string, Tensor>([[tape.endName, endGradient]]);
    const gradients = new Map<string, Tensor>();
    const buffers = new Map<string, Tensor>();
    for (let index = tape.steps.length - 1; index >= 0; index--) {
      const { plan, step } = tape.steps[index];
      for (const [localName, tensor] of Object.entries(step.updatedBuffers ?? {})) {
        buffers.set(`${parameterPrefix(plan.analyzed)}.${localName}`, tensor);
      }
      const outputGradient = valueGradients.get(plan.outputName);
      if (outputGradient === undefined || step.backward === undefined) continue;
      valueGradients.delete(plan.outputName);
      const result = step.backward(outputGradient);
      this.backend.dispose(outputGradient);
      const inputName = plan.analyzed.node.inputs[0];
      if (result.input !== undefined) {
        if (inputName === this.graph.input.name) this.backend.dispose(result.input);
        else accumulate(this.backend, valueGradients, inputName, result.input);
      }
      for (const parameter of plan.analyzed.parameters) {
        const gradient = result.parameters[parameter.name];
        if (gradient === undefined) continue;
        if (parameter.trainable) accumulate(this.backend, gradients, parameter.fullName, gradient);
        else this.backend.dispose(gradient);
      }
    }
    for (const leftover of valueGradients.values()) this.backend.dispose(leftover);
    return { gradients, buffers };
  }

  private releaseTape(tape: Tape): void {
    for (const { step } of tape.steps) step.release();
    const seen = new Set<Tensor>();
    for (const tensor of tape.values.values()) {
      if (seen.has(tensor)) continue;
      seen.add(tensor);
      this.backend.dispose(tensor);
    }
  }
}

function parameterPrefix(analyzed: AnalyzedNode): string {
  return analyzed.node.parameterPrefix ?? analyzed.node.name;
}

function accumulate(backend: Backend, map: Map<string, Tensor>, name: string, tensor: Tensor): void {
  const existing = map.get(name);
  if (existing === undefined) {
    map.set(name, tensor);
    return;
  }
  map.set(name, backend.binary("add", existing, tensor));
  backend.dispose(existing);
  backend.dispose(tensor);
}

/** How many plan steps read each value, up to the step producing `until`. */
function countReads(plan: readonly PlanStep[], until: string): Map<string, number> {
  const reads = new Map<string, number>();
  for (const step of plan) {
    const input = step.analyzed.node.inputs[0];
    reads.set(input, (reads.get(input) ?? 0) + 1);
    if (step.outputName === until || step.analyzed.node.name === until) break;
  }
  return reads;
}

/**
 * The order the engine runs nodes in, with each activation that the IR lets fuse into a conv2d or
 * linear host (`fusion`), that has a fused backend form (ReLU), and that is the only reader of the
 * host's output merged into that layer (one fused backend call; its backward needs only the output).
 */
function makePlan(analyzed: AnalyzedGraph, fuse: boolean): PlanStep[] {
  const readers = new Map<string, number>();
  for (const { node } of analyzed.nodes) for (const input of node.inputs) readers.set(input, (readers.get(input) ?? 0) + 1);
  const plan: PlanStep[] = [];
  const merged = new Set<string>();
  analyzed.nodes.forEach((node, nodeIndex) => {
    if (merged.has(node.node.name)) return;
    const next = analyzed.nodes[nodeIndex + 1]?.node;
    const fused =
      fuse &&
      opDefinitions[node.node.op].fusion === "host" &&
      next !== undefined &&
      isActivationOpType(next.op) &&
      opDefinitions[next.op].fusion === "activation" &&
      activations[next.op].fused !== undefined &&
      next.inputs[0] === node.node.name &&
      readers.get(node.node.name) === 1 &&
      node.node.name !== analyzed.graph.output
        ? (next as ActivationNode)
        : undefined;
    if (fused !== undefined) merged.add(fused.name);
    plan.push({ analyzed: node, outputName: fused?.name ?? node.node.name, fusedActivation: fused, nodeIndex });
  });
  return plan;
}

/** How many rows of logits have their largest score at the label. */
export function countCorrect(logits: Float32Array, labels: Int32Array, classes: number): number {
  let correct = 0;
  for (let row = 0; row < labels.length; row++) {
    let best = 0;
    for (let column = 1; column < classes; column++) if (logits[row * classes + column] > logits[row * classes + best]) best = column;
    if (best === labels[row]) correct++;
  }
  return correct;
}
