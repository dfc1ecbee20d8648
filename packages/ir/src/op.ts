import type { Shape } from "./shape.js";

/**
 * How a parameter's initial values are drawn. Description only: the engine draws them
 * from its seeded generator.
 */
export type Initializer =
  | { readonly kind: "normal"; readonly mean: number; readonly standardDeviation: number }
  | { readonly kind: "constant"; readonly value: number }
  /** Uniform on [-bound, bound]. */
  | { readonly kind: "uniform"; readonly bound: number }
  /** Glorot/Xavier uniform (Keras's default for kernels): bound = sqrt(6 / (fanIn + fanOut)). */
  | { readonly kind: "glorot-uniform"; readonly fanIn: number; readonly fanOut: number };

/** One learnable tensor (or running statistic) an op owns. */
export interface ParameterSpec {
  /** Local name within the node, PyTorch's: "weight", "bias", "running_mean", "running_var". */
  readonly name: string;
  readonly shape: Shape;
  /** False for statistics updated outside gradient descent (batch norm's running mean and variance). */
  readonly trainable: boolean;
  readonly initializer: Initializer;
}

/** What an op tells about itself, given the shapes of its inputs. No compute. */
export interface OpDefinition<Attributes> {
  /** The op's name in graphs and JSON, for example "conv2d". */
  readonly type: string;
  /**
   * The output shape for these inputs (batch first). Throws a GraphError-worthy message
   * (a plain string via `ShapeMismatch`) when the inputs do not fit.
   */
  outputShape(inputShapes: readonly Shape[], attributes: Attributes): Shape;
  /** The parameters the op owns for these inputs (empty for parameter-free ops). */
  parameters(inputShapes: readonly Shape[], attributes: Attributes): ParameterSpec[];
  /** Multiply-accumulate operations for one forward pass over the whole batch. */
  multiplyAccumulates(inputShapes: readonly Shape[], attributes: Attributes): number;
}

/**
 * Thrown by an op's shape inference; the graph turns it into a GraphError that names the node.
 * `message` completes the sentence "<node> …", for example "expects 4-D input, but gets [1, 10]".
 */
export class ShapeMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeMismatch";
  }
}

/** Checks an NCHW input: exactly one input of rank 4. */
export function requireImageInput(inputShapes: readonly Shape[]): readonly [number, number, number, number] {
  if (inputShapes.length !== 1) throw new ShapeMismatch(`expects 1 input, but gets ${inputShapes.length}`);
  const shape = inputShapes[0];
  if (shape.length !== 4) {
    throw new ShapeMismatch(`expects a 4-D NCHW input, but gets [${shape.join(", ")}]`);
  }
  return [shape[0], shape[1], shape[2], shape[3]];
}

/** Checks that there is exactly one input, of any rank. */
export function requireSingleInput(inputShapes: readonly Shape[]): Shape {
  if (inputShapes.length !== 1) throw new ShapeMismatch(`expects 1 input, but gets ${inputShapes.length}`);
  return inputShapes[0];
}

/**
 * The output length of a sliding window along one axis, as PyTorch and ONNX compute it.
 * With ceil mode, a last window that would start inside the end padding only is dropped.
 */
export function slidingWindowOutputLength(
  inputLength: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = inputLength + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;
  let length = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (length - 1) * stride >= inputLength + padBegin) length -= 1;
  return length;
}
