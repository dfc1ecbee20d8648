import { requireSingleInput, type OpDefinition } from "../op.js";

export type ReluAttributes = Record<string, never>;

/**
 * Rectified linear unit, max(0, x). The paper's key speed-up over tanh: a 4-layer CNN reached
 * 25% CIFAR-10 training error six times faster.
 *
 * Shapes:
 * - input: any
 * - output: same as input
 */
export const relu: OpDefinition<ReluAttributes> = {
  type: "relu",
  names: { keras: { baseName: "activation", className: "Activation" }, torch: "ReLU", label: "ReLU", onnx: "Relu" },
  preservesShape: true,
  fusion: "activation",
  outputShape: (inputShapes) => requireSingleInput(inputShapes),
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
