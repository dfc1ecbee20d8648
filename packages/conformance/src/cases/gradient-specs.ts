import { activations, type ActivationDefinition, type AvgPool2dOptions, type Backend, type Conv2dOptions, type LocalResponseNormOptions, type Tensor } from "@alexnet-ts/engine";
import type { ActivationOpType, OpAttributes } from "@alexnet-ts/ir";
import * as reference from "../reference/index.js";
import type { ReferenceTensor } from "../reference/index.js";

type Keep = <T extends Tensor>(tensor: T) => T;

/**
 * A differentiable op seen through the scalar L = Σ dy ⊙ f(inputs): its forward and backward,
 * once in the float64 reference and once on a backend. The backward returns ∂L/∂inputs[wrt].
 * Shared by the backward comparisons and both finite-difference checks.
 */
export interface GradientSpec {
  /** The op and what is differentiated, e.g. "conv2d/input". */
  readonly name: string;
  readonly title: string;
  readonly inputs: readonly ReferenceTensor[];
  /** Index of the input differentiated. */
  readonly wrt: number;
  /** The output is a scalar loss and dy is always 1 (cross-entropy). */
  readonly unitDy?: boolean;
  referenceForward(inputs: readonly ReferenceTensor[]): ReferenceTensor;
  referenceBackward(inputs: readonly ReferenceTensor[], y: ReferenceTensor, dy: ReferenceTensor): ReferenceTensor;
  backendForward(backend: Backend, inputs: readonly Tensor[], keep: Keep): Tensor;
  backendBackward(backend: Backend, inputs: readonly Tensor[], y: Tensor, dy: Tensor, keep: Keep): Tensor;
}

const shapeTitle = (tensors: readonly ReferenceTensor[]): string => tensors.map((tensor) => `[${tensor.shape}]`).join(" ");

/** conv2d, differentiated with respect to its input (which = 0) or filter (which = 1). */
export function conv2dSpec(x: ReferenceTensor, filter: ReferenceTensor, options: Conv2dOptions, which: 0 | 1, title: string): GradientSpec {
  return {
    name: which === 0 ? "conv2d/input" : "conv2d/filter",
    title,
    inputs: [x, filter],
    wrt: which,
    referenceForward: ([input, weight]) => reference.referenceConv2d(input, weight, options),
    referenceBackward: ([input, weight], _y, dy) =>
      which === 0 ? reference.referenceConv2dBackwardInput(dy, weight, input.shape, options) : reference.referenceConv2dBackwardFilter(input, dy, weight.shape, options),
    backendForward: (backend, [input, weight], keep) => keep(backend.conv2d(input, weight, options)),
    backendBackward: (backend, [input, weight], _y, dy, keep) =>
      keep(which === 0 ? backend.conv2dBackwardInput(dy, weight, input.shape, options) : backend.conv2dBackwardFilter(input, dy, weight.shape, options)),
  };
}

/** Max pooling. */
export function maxPool2dSpec(x: ReferenceTensor, options: AvgPool2dOptions, title: string): GradientSpec {
  return {
    name: "maxPool2d",
    title,
    inputs: [x],
    wrt: 0,
    referenceForward: ([input]) => reference.referenceMaxPool2d(input, options),
    referenceBackward: ([input], _y, dy) => reference.referenceMaxPool2dBackward(input, dy, options),
    backendForward: (backend, [input], keep) => keep(backend.maxPool2d(input, options)),
    backendBackward: (backend, [input], y, dy, keep) => keep(backend.maxPool2dBackward(input, y, dy, options)),
  };
}

/** Average pooling. */
export function avgPool2dSpec(x: ReferenceTensor, options: AvgPool2dOptions, title: string): GradientSpec {
  return {
    name: "avgPool2d",
    title,
    inputs: [x],
    wrt: 0,
    referenceForward: ([input]) => reference.referenceAvgPool2d(input, options),
    referenceBackward: ([input], _y, dy) => reference.referenceAvgPool2dBackward(dy, input.shape, options),
    backendForward: (backend, [input], keep) => keep(backend.avgPool2d(input, options)),
    backendBackward: (backend, [input], _y, dy, keep) => keep(backend.avgPool2dBackward(dy, input.shape, options)),
  };
}

/** Adaptive average pooling. */
export function adaptiveAvgPool2dSpec(x: ReferenceTensor, outputSize: [number, number]): GradientSpec {
  return {
    name: "adaptiveAvgPool2d",
    title: `x [${x.shape}] → [${outputSize}]`,
    inputs: [x],
    wrt: 0,
    referenceForward: ([input]) => reference.referenceAdaptiveAvgPool2d(input, outputSize),
    referenceBackward: ([input], _y, dy) => reference.referenceAdaptiveAvgPool2dBackward(dy, input.shape),
    backendForward: (backend, [input], keep) => keep(backend.adaptiveAvgPool2d(input, outputSize)),
    backendBackward: (backend, [input], _y, dy, keep) => keep(backend.adaptiveAvgPool2dBackward(dy, input.shape)),
  };
}

/** Local response normalization. */
export function localResponseNormSpec(x: ReferenceTensor, options: LocalResponseNormOptions): GradientSpec {
  return {
    name: "localResponseNorm",
    title: `x [${x.shape}] size ${options.size} alpha ${options.alpha} beta ${options.beta} k ${options.k}`,
    inputs: [x],
    wrt: 0,
    referenceForward: ([input]) => reference.referenceLocalResponseNorm(input, options),
    referenceBackward: ([input], _y, dy) => reference.referenceLocalResponseNormBackward(input, dy, options),
    backendForward: (backend, [input], keep) => keep(backend.localResponseNorm(input, options)),
    backendBackward: (backend, [input], y, dy, keep) => keep(backend.localResponseNormBackward(input, y, dy, options)),
  };
}

/** Training-mode batch normalization, differentiated with respect to input (0), weight (1) or bias (2). */
export function batchNorm2dSpec(x: ReferenceTensor, weight: ReferenceTensor, bias: ReferenceTensor, epsilon: number, which: 0 | 1 | 2): GradientSpec {
  const part = (["input", "weight", "bias"] as const)[which];
  return {
    name: `batchNorm2d/${part}`,
    title: `x [${x.shape}] epsilon ${epsilon}`,
    inputs: [x, weight, bias],
    wrt: which,
    referenceForward: ([input, scale, shift]) => reference.referenceBatchNorm2dTraining(input, scale, shift, epsilon).output,
    referenceBackward: ([input, scale, shift], _y, dy) => {
      const { mean, variance } = reference.referenceBatchNorm2dTraining(input, scale, shift, epsilon);
      return reference.referenceBatchNorm2dBackward(input, dy, mean, variance, scale, epsilon)[part];
    },
    backendForward: (backend, [input, scale, shift], keep) => {
      const result = backend.batchNorm2dTraining(input, { weight: scale, bias: shift, epsilon });
      keep(result.mean);
      keep(result.variance);
      return keep(result.output);
    },
    backendBackward: (backend, [input, scale, shift], _y, dy, keep) => {
      const statistics = backend.batchNorm2dTraining(input, { weight: scale, bias: shift, epsilon });
      keep(statistics.output);
      const gradients = backend.batchNorm2dBackward(input, dy, { mean: keep(statistics.mean), variance: keep(statistics.variance), weight: scale, epsilon });
      keep(gradients.input);
      keep(gradients.weight);
      keep(gradients.bias);
      return gradients[part];
    },
  };
}

/** Softmax (log = false) or log-softmax (log = true) over the last axis. */
export function softmaxSpec(x: ReferenceTensor, log: boolean): GradientSpec {
  return {
    name: log ? "logSoftmax" : "softmax",
    title: `x [${x.shape}]`,
    inputs: [x],
    wrt: 0,
    referenceForward: ([input]) => (log ? reference.referenceLogSoftmax(input) : reference.referenceSoftmax(input)),
    referenceBackward: (_inputs, y, dy) => (log ? reference.referenceLogSoftmaxBackward(y, dy) : reference.referenceSoftmaxBackward(y, dy)),
    backendForward: (backend, [input], keep) => keep(log ? backend.logSoftmax(input) : backend.softmax(input)),
    backendBackward: (backend, _inputs, y, dy, keep) => keep(log ? backend.logSoftmaxBackward(y, dy) : backend.softmaxBackward(y, dy)),
  };
}

/** Mean cross-entropy of logits: the loss is the output, its gradient the backward. */
export function crossEntropySpec(logits: ReferenceTensor, labels: Int32Array): GradientSpec {
  return {
    name: "crossEntropyWithLogits",
    title: `logits [${logits.shape}] labels [${labels}]`,
    inputs: [logits],
    wrt: 0,
    unitDy: true,
    referenceForward: ([input]) => reference.referenceCrossEntropyWithLogits(input, labels).loss,
    referenceBackward: ([input]) => reference.referenceCrossEntropyWithLogits(input, labels).gradient,
    backendForward: (backend, [input], keep) => {
      const result = backend.crossEntropyWithLogits(input, labels);
      keep(result.gradient);
      return keep(result.loss);
    },
    backendBackward: (backend, [input], _y, _dy, keep) => {
      const result = backend.crossEntropyWithLogits(input, labels);
      keep(result.loss);
      return keep(result.gradient);
    },
  };
}

/**
 * One of the IR's activations as the engine runs it (its activation table: forward and backward
 * composed from the contract, through `activationBackward` where a backend may override it),
 * against the float64 reference; the case attributes come from the reference table.
 */
export function activationSpec<K extends ActivationOpType>(x: ReferenceTensor, op: K): GradientSpec {
  const attributes = reference.referenceActivations[op].caseAttributes;
  const definition = activations[op] as ActivationDefinition<OpAttributes[K]>;
  return {
    name: `activation/${op}`,
    title: `x [${x.shape}]`,
    inputs: [x],
    wrt: 0,
    referenceForward: ([input]) => reference.referenceActivation(op, input, attributes),
    referenceBackward: ([input], _y, dy) => reference.referenceActivationGradient(op, input, dy, attributes),
    backendForward: (backend, [input], keep) => keep(definition.forward(backend, input, attributes)),
    backendBackward: (backend, [input], y, dy, keep) => keep(definition.backward.gradient(backend, { input, output: y }, dy, attributes)),
  };
}

/** A spec's title with its input shapes when it has none of its own. */
export function specTitle(spec: GradientSpec): string {
  return spec.title || shapeTitle(spec.inputs);
}
