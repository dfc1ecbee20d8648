import { formatDimensions } from "../shape.js";
import { ShapeMismatch, requireImageInput, type OpDefinition } from "../op.js";

export interface AdaptiveAvgPool2dAttributes {
  /** [height, width] of the output, whatever the input size. torchvision's AlexNet uses 6×6. */
  readonly outputSize: readonly [number, number];
}

/**
 * Adaptive average pooling, as PyTorch defines it: output cell i averages input rows
 * floor(i·H/Ho) up to ceil((i+1)·H/Ho), so any input size maps to the requested output size.
 *
 * Shapes:
 * - input: [N, C, H, W]
 * - output: [N, C, outputSize[0], outputSize[1]]
 */
export const adaptiveAvgPool2d: OpDefinition<AdaptiveAvgPool2dAttributes> = {
  type: "adaptiveAvgPool2d",
  names: { keras: { baseName: "adaptive_average_pooling2d", className: "AdaptiveAveragePooling2D" }, torch: "AdaptiveAvgPool2d", label: "AdaptiveAvgPool2d", onnx: "AveragePool" },
  preservesShape: false,
  fusion: "none",
  describe: ({ outputSize }) => `→ ${formatDimensions(outputSize)}`,
  outputShape(inputShapes, attributes) {
    const [batch, channels, height, width] = requireImageInput(inputShapes);
    if (height < 1 || width < 1) throw new ShapeMismatch(`needs a non-empty input, but gets ${height}×${width}`);
    return [batch, channels, attributes.outputSize[0], attributes.outputSize[1]];
  },
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
