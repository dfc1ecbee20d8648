import type { Pool2dOptions } from "@alexnet-ts/engine";
import { referenceTensor, requireImage, requireSameShape, type ReferenceTensor } from "./tensor.js";
import { poolWindows } from "./pool-window.js";

/**
 * Gradient of max pooling: each output's gradient goes to the first maximum of its window in
 * row-major window order (PyTorch's rule). `y` is not needed: the maximum is found again from x.
 */
export function referenceMaxPool2dBackward(x: ReferenceTensor, dy: ReferenceTensor, options: Pool2dOptions): ReferenceTensor {
  requireImage("maxPool2dBackward", "x", x);
  const { outputShape, windows } = poolWindows("maxPool2dBackward", x.shape, options);
  requireSameShape("maxPool2dBackward", "dy and the pooled output", dy.shape, outputShape);
  const dx = referenceTensor(x.shape);
  for (const window of windows) {
    let best = -1;
    for (const cell of window.cells) if (best < 0 || x.data[cell] > x.data[best]) best = cell;
    if (best >= 0) dx.data[best] += dy.data[window.outputOffset];
  }
  return dx;
}
