import { ShapeMismatch, requireSingleInput, type OpDefinition } from "../op.js";
import { elementCount } from "../shape.js";

export type FlattenAttributes = Record<string, never>;

/**
 * Flattens every dimension after the batch into one (C, H, W order — NCHW, as PyTorch does).
 *
 * Shapes:
 * - input: [N, d1, d2, …]
 * - output: [N, d1·d2·…]
 */
export const flatten: OpDefinition<FlattenAttributes> = {
  type: "flatten",
  names: { keras: { baseName: "flatten", className: "Flatten" }, torch: "Flatten", label: "Flatten", onnx: "Flatten" },
  preservesShape: false,
  fusion: "none",
  outputShape(inputShapes) {
    const shape = requireSingleInput(inputShapes);
    if (shape.length < 1) throw new ShapeMismatch("expects an input with a batch dimension, but gets a scalar");
    return [shape[0], elementCount(shape.slice(1))];
  },
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
