import { ShapeMismatch, requireSingleInput, type OpDefinition } from "../op.js";
import type { Shape } from "../shape.js";

export type SoftmaxAttributes = Record<string, never>;

/** Softmax and log-softmax act on the class dimension of a [N, classes] input. */
export function classScoresShape(inputShapes: readonly Shape[]): Shape {
  const shape = requireSingleInput(inputShapes);
  if (shape.length !== 2) throw new ShapeMismatch(`expects a 2-D [batch, classes] input, but gets [${shape.join(", ")}]`);
  return shape;
}

/**
 * Softmax over classes: exp(x − max) / Σ exp(x − max). The Keras notebook's output layer.
 *
 * Shapes:
 * - input: [N, classes]
 * - output: [N, classes], each row summing to 1
 */
export const softmax: OpDefinition<SoftmaxAttributes> = {
  type: "softmax",
  names: { keras: { baseName: "activation", className: "Activation" }, torch: "Softmax", label: "Softmax", onnx: "Softmax" },
  preservesShape: true,
  fusion: "activation",
  outputShape: classScoresShape,
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
