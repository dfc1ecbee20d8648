/**
 * The options and results the contract's ops take and return (see backend.ts). An op with more
 * than three arguments takes its settings as one of these objects, so a call reads by name.
 *
 * This file imports nothing: the contract names these types, never the other way round. Where an
 * option or result holds tensors, `T` is the backend's tensor handle (`Tensor` in backend.ts).
 */

/** Elementwise functions of one tensor. */
export type UnaryOp =
  | "negate"
  | "abs"
  | "exp"
  | "log"
  | "sqrt"
  | "square"
  | "reciprocal"
  | "relu"
  | "tanh"
  /** 1 where x > 0, else 0: ReLU's derivative. */
  | "step";

/** Elementwise functions of two tensors, broadcasting as NumPy does (shapes aligned at the right). */
export type BinaryOp =
  | "add"
  | "subtract"
  | "multiply"
  | "divide"
  | "maximum"
  | "minimum"
  | "power"
  /** 1 where a = b, else 0. */
  | "equal"
  /** 1 where a > b, else 0. */
  | "greater";

/** Reductions over a set of axes. */
export type ReduceOp = "sum" | "max" | "mean";

/** Which axes a reduction removes. */
export interface ReduceOptions {
  /** Distinct axes, each in [0, rank). */
  readonly axes: readonly number[];
  /** Keep each reduced axis as a dimension of 1 (true) or drop it (false). */
  readonly keepDimensions: boolean;
}

/** Whether a matrix product transposes either operand first. */
export interface MatmulOptions {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/** A strided slice: along axis i, `size[i]` elements from `begin[i]`, `step[i]` apart. */
export interface SliceOptions {
  readonly begin: readonly number[];
  readonly size: readonly number[];
  /** A negative step walks backwards (step −1 from the last element reverses an axis). */
  readonly step: readonly number[];
}

/** Geometry of a 2-D convolution. */
export interface Conv2dOptions {
  /** [height, width] */
  readonly stride: readonly [number, number];
  /** [top, left, bottom, right] (ONNX's order). */
  readonly padding: readonly [number, number, number, number];
  /** [height, width] */
  readonly dilation: readonly [number, number];
  /** Channel groups; input and output channels are both divisible by it. */
  readonly groups: number;
}

/** A convolution's geometry and the activation applied after its bias. */
export interface Conv2dBiasActivationOptions extends Conv2dOptions {
  readonly activation: "none" | "relu";
}

/** Geometry of a 2-D pooling window. */
export interface Pool2dOptions {
  /** [height, width] */
  readonly kernel: readonly [number, number];
  /** [height, width] */
  readonly stride: readonly [number, number];
  /** [top, left, bottom, right]; padded cells are −∞ for max and excluded or zero for average. */
  readonly padding: readonly [number, number, number, number];
  /** [height, width] */
  readonly dilation: readonly [number, number];
  /** Keep a last partial window (output length rounded up). */
  readonly ceilMode: boolean;
}

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Divide by the whole window including padding (true) or by the real cells only (false). */
  readonly countIncludePad: boolean;
}

/** Local response normalization; `alpha` multiplies the plain sum of squares (the paper's convention). */
export interface LocalResponseNormOptions {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
}

/** Batch normalization's learned per-channel scale and shift, and the ε added to the variance. */
export interface BatchNormAffine<T> {
  /** [C] */
  readonly weight: T;
  /** [C] */
  readonly bias: T;
  readonly epsilon: number;
}

/** Batch normalization at inference: the running statistics beside the affine parameters. */
export interface BatchNormInferenceOptions<T> extends BatchNormAffine<T> {
  /** [C] */
  readonly mean: T;
  /** [C] */
  readonly variance: T;
}

/** What the backward pass of training-mode batch normalization needs from the forward pass. */
export interface BatchNormBackwardOptions<T> {
  /** [C] the batch mean the forward pass returned. */
  readonly mean: T;
  /** [C] the batch variance the forward pass returned. */
  readonly variance: T;
  /** [C] */
  readonly weight: T;
  readonly epsilon: number;
}

/** The result of a training-mode batch normalization: the output and the batch statistics. */
export interface BatchNormTrainingResult<T> {
  readonly output: T;
  /** [C] mean over N, H, W. */
  readonly mean: T;
  /** [C] biased variance over N, H, W (what normalizes the batch). */
  readonly variance: T;
}

/** Parameter gradients of batch normalization. */
export interface BatchNormGradients<T> {
  readonly input: T;
  readonly weight: T;
  readonly bias: T;
}

/** Cross-entropy of logits against integer labels: the mean loss and its gradient. */
export interface CrossEntropyResult<T> {
  /** Scalar (shape []): mean over the batch of −log softmax(logits)[label]. */
  readonly loss: T;
  /** [N, classes]: (softmax(logits) − onehot(label)) / N. */
  readonly gradient: T;
}

/** SGD with momentum and weight decay, PyTorch's formulation (the paper's differs only in where the learning rate multiplies). */
export interface SgdOptions {
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
}
