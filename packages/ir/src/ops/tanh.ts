import { requireSingleInput, type OpDefinition } from "../op.js";

export type TanhAttributes = Record<string, never>;

/**
 * Hyperbolic tangent, the saturating activation the paper compares ReLU against.
 *
 * Shapes:
 * - input: any
 * - output: same as input
 */
export const tanh: OpDefinition<TanhAttributes> = {
  type: "tanh",
  names: { keras: { baseName: "activation", className: "Activation" }, torch: "Tanh", label: "Tanh", onnx: "Tanh" },
  preservesShape: true,
  fusion: "activation",
  outputShape: (inputShapes) => requireSingleInput(inputShapes),
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
