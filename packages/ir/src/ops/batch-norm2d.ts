import { formatAttribute } from "./describe.js";
import { requireImageInput, type OpDefinition } from "../op.js";

export interface BatchNorm2dAttributes {
  /** Added to the variance before the square root. PyTorch's default 1e-5; Keras's 1e-3. */
  readonly epsilon: number;
  /**
   * Weight of the newest batch in the running statistics, PyTorch's convention:
   * running = (1 − momentum)·running + momentum·batch. (Keras's momentum 0.99 is 0.01 here.)
   */
  readonly momentum: number;
}

/**
 * Batch normalization over N, H and W for each channel; in training the batch statistics
 * normalize and update the running statistics, in inference the running statistics normalize.
 *
 * Shapes:
 * - input: [N, C, H, W]
 * - weight (γ), bias (β), running_mean, running_var: [C]
 * - output: same as input
 */
export const batchNorm2d: OpDefinition<BatchNorm2dAttributes> = {
  type: "batchNorm2d",
  names: { keras: { baseName: "batch_normalization", className: "BatchNormalization" }, torch: "BatchNorm2d", label: "BatchNorm2d", onnx: "BatchNormalization" },
  preservesShape: true,
  fusion: "none",
  describe: ({ epsilon }) => `ε=${formatAttribute(epsilon)}`,
  outputShape: (inputShapes) => requireImageInput(inputShapes),
  parameters(inputShapes) {
    const [, channels] = requireImageInput(inputShapes);
    return [
      { name: "weight", shape: [channels], trainable: true, initializer: { kind: "constant", value: 1 } },
      { name: "bias", shape: [channels], trainable: true, initializer: { kind: "constant", value: 0 } },
      { name: "running_mean", shape: [channels], trainable: false, initializer: { kind: "constant", value: 0 } },
      { name: "running_var", shape: [channels], trainable: false, initializer: { kind: "constant", value: 1 } },
    ];
  },
  multiplyAccumulates(inputShapes) {
    const [batch, channels, height, width] = requireImageInput(inputShapes);
    return batch * channels * height * width;
  },
};
