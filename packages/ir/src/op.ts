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

/**
 * How other tools name an op: the three summaries print these, the ONNX exporter and the
 * conformance suite's ONNX runner map through `onnx`.
 */
export interface OpNames {
  /**
   * The Keras layer the op prints as: the base of its automatic name (Keras's snake_case class
   * name, numbered conv2d, conv2d_1, …) and the class name in parentheses. An op without a Keras
   * layer of its own takes the one the Keras code would use (`Activation("relu")`, a `Lambda`).
   */
  readonly keras: { readonly baseName: string; readonly className: string };
  /** The PyTorch module class the op runs as, the name torchsummary prints ("Conv2d-1"). */
  readonly torch: string;
  /** The rich summary's Op column: PyTorch's class name, or a short common name (LRN). */
  readonly label: string;
  /** The ONNX operator type the op corresponds to, for example "Conv" or "Gemm". */
  readonly onnx: string;
}

/**
 * The op's part in activation fusion (Keras's `Conv2D(…, activation="relu")`, the engine's fused
 * conv2d + bias + ReLU call): "host" — an activation that directly follows it may merge into it
 * (conv2d, linear); "activation" — it may merge into the host before it; "none" — neither.
 */
export type FusionRole = "host" | "activation" | "none";

/** What an op tells about itself, given the shapes of its inputs. No compute. */
export interface OpDefinition<Attributes> {
  /** The op's name in graphs and JSON, for example "conv2d". */
  readonly type: string;
  /** Its names in summaries and in ONNX. */
  readonly names: OpNames;
  /** True when the output always has the input's shape (elementwise ops, normalizations, dropout). */
  readonly preservesShape: boolean;
  /** Whether an activation after it merges into it, or it into the layer before (see FusionRole). */
  readonly fusion: FusionRole;
  /**
   * The output shape for these inputs (batch first). Throws a GraphError-worthy message
   * (a plain string via `ShapeMismatch`) when the inputs do not fit.
   */
  outputShape(inputShapes: readonly Shape[], attributes: Attributes): Shape;
  /** The parameters the op owns for these inputs (empty for parameter-free ops). */
  parameters(inputShapes: readonly Shape[], attributes: Attributes): ParameterSpec[];
  /** Multiply-accumulate operations for one forward pass over the whole batch. */
  multiplyAccumulates(inputShapes: readonly Shape[], attributes: Attributes): number;
  /**
   * The node's geometry in a few characters for the rich summary ("11×11 /4 p2 g2", "9216→4096");
   * absent for ops with nothing to show.
   */
  describe?(attributes: Attributes, inputShapes: readonly Shape[]): string;
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

