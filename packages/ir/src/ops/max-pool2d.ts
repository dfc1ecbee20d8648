import { describeWindow } from "./describe.js";
import { ShapeMismatch, requireImageInput, type OpDefinition } from "../op.js";
import type { Shape } from "../shape.js";
import { windowOutputSize } from "../shape-kit/index.js";

export interface Pool2dAttributes {
  /** [height, width] */
  readonly kernel: readonly [number, number];
  /** [height, width]. AlexNet's overlapping pooling is kernel 3, stride 2. */
  readonly stride: readonly [number, number];
  /** [top, left, bottom, right] */
  readonly padding: readonly [number, number, number, number];
  /** [height, width] */
  readonly dilation: readonly [number, number];
  /** Round the output length up (a last, partial window is kept) instead of down. */
  readonly ceilMode: boolean;
}

/** The output shape of a 2-D pooling window, shared by max and average pooling. */
export function pool2dOutputShape(inputShapes: readonly Shape[], attributes: Pool2dAttributes): Shape {
  const [batch, channels, height, width] = requireImageInput(inputShapes);
  const { kernel, stride, padding, dilation, ceilMode } = attributes;
  const [outputHeight, outputWidth] = windowOutputSize(height, width, { kernel, stride, padding, dilation, ceilMode });
  if (outputHeight < 1 || outputWidth < 1) {
    throw new ShapeMismatch(`needs an input of at least ${kernel[0]}×${kernel[1]} for its window, but gets ${height}×${width}`);
  }
  return [batch, channels, outputHeight, outputWidth];
}

/**
 * 2-D max pooling. Padding counts as −∞ (never the maximum).
 *
 * Shapes:
 * - input: [N, C, H, W]
 * - output: [N, C, Ho, Wo], Ho = floor or ceil((H + padTop + padBottom − dilationH·(kernelH − 1) − 1) / strideH) + 1
 */
export const maxPool2d: OpDefinition<Pool2dAttributes> = {
  type: "maxPool2d",
  names: { keras: { baseName: "max_pooling2d", className: "MaxPooling2D" }, torch: "MaxPool2d", label: "MaxPool2d", onnx: "MaxPool" },
  preservesShape: false,
  fusion: "none",
  describe({ kernel, stride, padding, dilation, ceilMode }) {
    const parts = describeWindow(kernel, stride, padding, dilation);
    if (ceilMode) parts.push("ceil");
    return parts.join(" ");
  },
  outputShape: pool2dOutputShape,
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
