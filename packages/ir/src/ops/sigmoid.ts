import { requireSingleInput, type OpDefinition } from "../op.js";

export type SigmoidAttributes = Record<string, never>;

/**
 * The logistic sigmoid, 1 / (1 + e^−x): the other saturating activation the paper (section 3.1)
 * sets against ReLU, beside tanh.
 *
 * Shapes:
 * - input: any
 * - output: same as input
 */
export const sigmoid: OpDefinition<SigmoidAttributes> = {
  type: "sigmoid",
  names: { keras: { baseName: "activation", className: "Activation" }, torch: "Sigmoid", label: "Sigmoid", onnx: "Sigmoid" },
  preservesShape: true,
  fusion: "activation",
  outputShape: (inputShapes) => requireSingleInput(inputShapes),
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
