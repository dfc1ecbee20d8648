import type { Pool2dOptions } from "@alexnet-ts/engine";
import { referenceTensor, requireImage, type ReferenceTensor } from "./tensor.js";
import { poolWindows } from "./pool-window.js";

/** 2-D max pooling; padding never wins (a window of padding only would give −∞). */
export function referenceMaxPool2d(x: ReferenceTensor, options: Pool2dOptions): ReferenceTensor {
  requireImage("maxPool2d", "x", x);
  const { outputShape, windows } = poolWindows("maxPool2d", x.shape, options);
  const output = referenceTensor(outputShape);
  for (const window of windows) {
    let maximum = -Infinity;
    for (const cell of window.cells) maximum = Math.max(maximum, x.data[cell]);
    output.data[window.outputOffset] = maximum;
  }
  return output;
}
