/**
 * The backend contract: what a package must implement to run AlexNet.
 *
 * Design (after candle, Burn, tinygrad and TensorFlow.js; see docs/adding-a-backend.md):
 * - A small **required core** — tensor transfer, elementwise and reduction families, matrix
 *   multiply, conv2d, max pooling and a few data-movement ops — is `BackendCore`. Leaving any
 *   of it out is a compile error wherever the object is checked with `satisfies BackendCore`.
 * - Every other op is in `BackendOverrides`, with a default composed from the core
 *   (`withDefaults`). A backend overrides a default only for speed; the conformance suite
 *   checks every override against the float64 reference and by finite differences.
 * - Tensors are opaque handles owned by the backend. Ops are issued synchronously and return
 *   handles at once; only `download` is asynchronous, so GPU and asynchronous engines queue work
 *   without blocking and the caller awaits only when it reads values back.
 * - Memory is explicit: every handle an op returns is owned by the caller and must be
 *   `dispose`d exactly once; `liveTensorCount` lets tests assert that nothing leaks.
 * - The semantic layout is NCHW (PyTorch/ONNX). A backend may store another layout inside,
 *   as long as what `download` returns is NCHW, row-major.
 * - Randomness never happens inside a backend: dropout masks arrive as seeds and are drawn by
 *   `createRandom` (see random.ts) on the host, so every backend sees the same bits.
 * - An op with more than three arguments takes an options object (backend-options.ts).
 *   Each op's doc ends with its shapes: inputs → output.
 */
import type * as Options from "./backend-options.js";

/** Bumped when the contract changes incompatibly; `withDefaults` refuses any other version. */
export const backendContractVersion = 2;

/** A shape, batch first. */
export type Shape = readonly number[];

/** The opaque handle a backend returns. Only `shape` is public; the rest is the backend's own. */
export interface Tensor {
  readonly shape: Shape;
}

/** What every backend must implement. */
export interface BackendCore<T extends Tensor = Tensor> {
  /** The backend's name as the CLI knows it, for example "cpu" or "tfjs-wasm". */
  readonly name: string;
  /** The contract version the backend implements: `backendContractVersion` when it was built. */
  readonly contractVersion: number;
  /**
   * What really runs, for reports and benchmark rows: for example "tfjs 4.22 wasm, SIMD, 1 thread"
   * or "gpu.js WebGLKernel on Mesa llvmpipe". Never the engine asked for when another one runs.
   */
  describe(): string;

  /** Copies float32 values (row-major, NCHW) to a new tensor of this shape. */
  upload(values: Float32Array, shape: Shape): T;
  /** Reads a tensor's values back, row-major NCHW. The tensor stays alive. */
  download(tensor: T): Promise<Float32Array>;
  /** Releases a tensor. Every handle an op returns must be disposed exactly once. */
  dispose(tensor: T): void;
  /** Tensors created and not yet disposed, for leak checks. */
  liveTensorCount(): number;
  /** Releases everything the backend holds (worker threads, contexts). The backend is unusable after. */
  close?(): Promise<void>;

  /** Elementwise function. Shapes: x: any → same as x */
  unary(op: Options.UnaryOp, x: T): T;
  /** Elementwise function of two tensors with NumPy broadcasting. Shapes: a: [...A], b: [...B] → broadcast(A, B) */
  binary(op: Options.BinaryOp, a: T, b: T): T;
  /**
   * Reduction over `axes`.
   * Shapes: x: [d0, d1, …] → the same with each reduced axis removed, or kept as 1 with keepDimensions
   */
  reduce(op: Options.ReduceOp, x: T, options: Options.ReduceOptions): T;
  /**
   * Matrix product of 2-D tensors, optionally transposing either operand first.
   * Shapes: a: [M, K] (or [K, M] transposed), b: [K, N] (or [N, K] transposed) → [M, N]
   */
  matmul(a: T, b: T, options: Options.MatmulOptions): T;
  /** 2-D convolution (cross-correlation), no bias. Shapes: x: [N, C, H, W], filter: [O, C / groups, kH, kW] → [N, O, Ho, Wo] */
  conv2d(x: T, filter: T, options: Options.Conv2dOptions): T;
  /** 2-D max pooling; padding never wins. Shapes: x: [N, C, H, W] → [N, C, Ho, Wo] */
  maxPool2d(x: T, options: Options.Pool2dOptions): T;

  /** The same values with another shape of the same element count. Shapes: x: any → shape */
  reshape(x: T, shape: Shape): T;
  /** Permutes axes: output axis i is input axis permutation[i]. Shapes: x: [d0, d1, …] → [d[p0], d[p1], …] */
  transpose(x: T, permutation: readonly number[]): T;
  /** Pads each axis with a constant: `padding[i]` is [before, after] for axis i. Shapes: x: [d0, …] → [d0 + before0 + after0, …] */
  pad(x: T, padding: readonly (readonly [number, number])[], value: number): T;
  /**
   * Strided slice: along axis i, the elements begin[i], begin[i] + step[i], … (size[i] of them).
   * Shapes: x: any → size
   */
  slice(x: T, options: Options.SliceOptions): T;
  /** Joins tensors along an axis; all other dimensions agree. Shapes: [..., a_i, ...] → [..., Σ a_i, ...] */
  concat(tensors: readonly T[], axis: number): T;
}

/** Ops with defaults built from the core (see defaults/); a backend overrides them for speed. */
export interface BackendOverrides<T extends Tensor = Tensor> {
  /** A tensor of one value. Shapes: → shape */
  fill(shape: Shape, value: number): T;
  /** Adds a per-channel bias to an NCHW tensor or a per-feature bias to an [N, F] tensor. Shapes: x: [N, C, …], bias: [C] → same as x */
  addBias(x: T, bias: T): T;
  /**
   * Convolution, bias and activation in one call, which a backend may fuse.
   * Shapes: x: [N, C, H, W], filter: [O, C / groups, kH, kW], bias: [O] → [N, O, Ho, Wo]
   */
  conv2dBiasActivation(x: T, filter: T, bias: T | undefined, options: Options.Conv2dBiasActivationOptions): T;
  /** Gradient of conv2d with respect to its input. Shapes: dy: [N, O, Ho, Wo], filter: [O, C / groups, kH, kW] → inputShape [N, C, H, W] */
  conv2dBackwardInput(dy: T, filter: T, inputShape: Shape, options: Options.Conv2dOptions): T;
  /** Gradient of conv2d with respect to its filter. Shapes: x: [N, C, H, W], dy: [N, O, Ho, Wo] → filterShape [O, C / groups, kH, kW] */
  conv2dBackwardFilter(x: T, dy: T, filterShape: Shape, options: Options.Conv2dOptions): T;
  /**
   * Gradient of max pooling: each output's gradient goes to the first maximum of its window
   * (row-major order within the window, as PyTorch does).
   * Shapes: x: [N, C, H, W], y: [N, C, Ho, Wo], dy: [N, C, Ho, Wo] → [N, C, H, W]
   */
  maxPool2dBackward(x: T, y: T, dy: T, options: Options.Pool2dOptions): T;
  /** 2-D average pooling. Shapes: x: [N, C, H, W] → [N, C, Ho, Wo] */
  avgPool2d(x: T, options: Options.AvgPool2dOptions): T;
  /** Gradient of average pooling. Shapes: dy: [N, C, Ho, Wo] → inputShape [N, C, H, W] */
  avgPool2dBackward(dy: T, inputShape: Shape, options: Options.AvgPool2dOptions): T;
  /**
   * PyTorch's adaptive average pooling: output cell i averages rows floor(i·H/Ho) … ceil((i+1)·H/Ho) − 1.
   * Shapes: x: [N, C, H, W] → [N, C, outputSize[0], outputSize[1]]
   */
  adaptiveAvgPool2d(x: T, outputSize: readonly [number, number]): T;
  /** Gradient of adaptive average pooling. Shapes: dy: [N, C, Ho, Wo] → inputShape [N, C, H, W] */
  adaptiveAvgPool2dBackward(dy: T, inputShape: Shape): T;
  /**
   * Local response normalization across channels:
   * y[c] = x[c] / (k + α·Σ x[j]²)^β, j from c − ⌊(size−1)/2⌋ to c + ⌈(size−1)/2⌉ within [0, C).
   * Shapes: x: [N, C, H, W] → same
   */
  localResponseNorm(x: T, options: Options.LocalResponseNormOptions): T;
  /** Gradient of local response normalization. Shapes: x, y, dy: [N, C, H, W] → [N, C, H, W] */
  localResponseNormBackward(x: T, y: T, dy: T, options: Options.LocalResponseNormOptions): T;
  /**
   * Batch normalization with given statistics (inference): (x − mean) / √(variance + ε) · weight + bias.
   * Shapes: x: [N, C, H, W]; mean, variance, weight, bias: [C] → same as x
   */
  batchNorm2dInference(x: T, options: Options.BatchNormInferenceOptions<T>): T;
  /** Batch normalization with the batch's own statistics (training). Shapes: x: [N, C, H, W]; weight, bias: [C] → output like x; mean, variance: [C] */
  batchNorm2dTraining(x: T, options: Options.BatchNormAffine<T>): Options.BatchNormTrainingResult<T>;
  /** Gradients of training-mode batch normalization. Shapes: x, dy: [N, C, H, W]; mean, variance, weight: [C] → input like x; weight, bias: [C] */
  batchNorm2dBackward(x: T, dy: T, options: Options.BatchNormBackwardOptions<T>): Options.BatchNormGradients<T>;
  /** Softmax over the last axis. Shapes: x: [N, K] → [N, K] */
  softmax(x: T): T;
  /** Log-softmax over the last axis. Shapes: x: [N, K] → [N, K] */
  logSoftmax(x: T): T;
  /** Gradient of softmax given its output: y · (dy − Σ dy·y). Shapes: y, dy: [N, K] → [N, K] */
  softmaxBackward(y: T, dy: T): T;
  /** Gradient of log-softmax given its output: dy − exp(y) · Σ dy. Shapes: y, dy: [N, K] → [N, K] */
  logSoftmaxBackward(y: T, dy: T): T;
  /**
   * Mean cross-entropy of logits against labels, and its gradient with respect to the logits.
   * Shapes: logits: [N, K], labels: N class indices → loss: [], gradient: [N, K]
   */
  crossEntropyWithLogits(logits: T, labels: Int32Array): Options.CrossEntropyResult<T>;
  /**
   * The dropout mask for a seed: each element is 1 / (1 − rate) with probability 1 − rate, else 0,
   * element i decided by the i-th draw of `createRandom(seed).uniform()` (so every backend agrees).
   * Shapes: → shape
   */
  dropoutMask(shape: Shape, rate: number, seed: number): T;
  /** Gradient of an activation given its output: ReLU: dy · step(y); tanh: dy · (1 − y²). Shapes: y, dy: any → same */
  activationBackward(activation: "relu" | "tanh", y: T, dy: T): T;
  /**
   * One SGD step with momentum and weight decay (PyTorch's formulation):
   * g' = g + weightDecay·p; v ← momentum·v + g'; p ← p − learningRate·v.
   * Returns the new parameter and velocity; the caller disposes the old ones.
   * Shapes: parameter, gradient, velocity: any (the same) → the same
   */
  sgdUpdate(parameter: T, gradient: T, velocity: T, options: Options.SgdOptions): { parameter: T; velocity: T };
}

/** A complete backend: the core plus every defaulted op. What the engine calls. */
export type Backend<T extends Tensor = Tensor> = BackendCore<T> & BackendOverrides<T>;

/** What a backend package provides: its required core and any overrides it has written. */
export type BackendImplementation<T extends Tensor = Tensor> = BackendCore<T> & Partial<BackendOverrides<T>>;
