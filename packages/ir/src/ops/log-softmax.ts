import type { OpDefinition } from "../op.js";
import { classScoresShape, type SoftmaxAttributes } from "./softmax.js";

export type LogSoftmaxAttributes = SoftmaxAttributes;

/**
 * Log-softmax over classes: x − max − log Σ exp(x − max). The PyTorch notebook's output
 * (F.log_softmax), numerically safer than log(softmax(x)).
 *
 * Shapes:
 * - input: [N, classes]
 * - output: [N, classes]
 */
export const logSoftmax: OpDefinition<LogSoftmaxAttributes> = {
  type: "logSoftmax",
  names: { keras: { baseName: "activation", className: "Activation" }, torch: "LogSoftmax", label: "LogSoftmax", onnx: "LogSoftmax" },
  preservesShape: true,
  fusion: "activation",
  outputShape: classScoresShape,
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
