import type { AvgPool2dOptions } from "@alexnet-ts/engine";
import { formatShape, referenceTensor, requireSameShape, requireShape, type ReferenceTensor } from "./tensor.js";
import { poolWindows } from "./pool-window.js";
import { averageDivisor } from "./avg-pool2d.js";

/** Gradient of average pooling: each output's gradient spread evenly over its window's real cells. */
export function referenceAvgPool2dBackward(dy: ReferenceTensor, inputShape: readonly number[], options: AvgPool2dOptions): ReferenceTensor {
  requireShape("avgPool2dBackward", inputShape.length === 4, `inputShape must be [N, C, H, W], but is ${formatShape(inputShape)}`);
  const { outputShape, windows } = poolWindows("avgPool2dBackward", inputShape, options);
  requireSameShape("avgPool2dBackward", "dy and the pooled output", dy.shape, outputShape);
  const dx = referenceTensor(inputShape);
  for (const window of windows) {
    const divisor = averageDivisor(window, options.countIncludePad);
    if (divisor === 0) continue;
    for (const cell of window.cells) dx.data[cell] += dy.data[window.outputOffset] / divisor;
  }
  return dx;
}
