import type { AvgPool2dOptions } from "@alexnet-ts/engine";
import { referenceTensor, requireImage, type ReferenceTensor } from "./tensor.js";
import { poolWindows, type PoolWindow } from "./pool-window.js";

/** How many cells a window's sum is divided by: the padded window or its real cells only. */
export function averageDivisor(window: PoolWindow, countIncludePad: boolean): number {
  return countIncludePad ? window.paddedCount : window.cells.length;
}

/**
 * 2-D average pooling. With countIncludePad the divisor counts padding cells too, but never
 * the part of a ceil-mode window that hangs past the end padding (PyTorch's and ONNX's rule).
 */
export function referenceAvgPool2d(x: ReferenceTensor, options: AvgPool2dOptions): ReferenceTensor {
  requireImage("avgPool2d", "x", x);
  const { outputShape, windows } = poolWindows("avgPool2d", x.shape, options);
  const output = referenceTensor(outputShape);
  for (const window of windows) {
    let sum = 0;
    for (const cell of window.cells) sum += x.data[cell];
    const divisor = averageDivisor(window, options.countIncludePad);
    output.data[window.outputOffset] = divisor > 0 ? sum / divisor : 0;
  }
  return output;
}
