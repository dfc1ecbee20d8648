import { describeWindow } from "./describe.js";
import type { OpDefinition } from "../op.js";
import { pool2dOutputShape, type Pool2dAttributes } from "./max-pool2d.js";

export interface AvgPool2dAttributes extends Pool2dAttributes {
  /** Divide by the full window size including padded cells (true) or by the real cells only (false). */
  readonly countIncludePad: boolean;
}

/**
 * 2-D average pooling.
 *
 * Shapes:
 * - input: [N, C, H, W]
 * - output: [N, C, Ho, Wo], as max pooling computes it
 */
export const avgPool2d: OpDefinition<AvgPool2dAttributes> = {
  type: "avgPool2d",
  names: { keras: { baseName: "average_pooling2d", className: "AveragePooling2D" }, torch: "AvgPool2d", label: "AvgPool2d", onnx: "AveragePool" },
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
