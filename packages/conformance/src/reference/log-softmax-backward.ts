import { referenceTensor, requireSameShape, type ReferenceTensor } from "./tensor.js";
import { forEachLastAxisRow } from "./softmax.js";

/** Gradient of log-softmax from its output: dy − exp(y) · Σ dy per row. */
export function referenceLogSoftmaxBackward(y: ReferenceTensor, dy: ReferenceTensor): ReferenceTensor {
  requireSameShape("logSoftmaxBackward", "y and dy", y.shape, dy.shape);
  const dx = referenceTensor(y.shape);
  forEachLastAxisRow("logSoftmaxBackward", y, (rowStart, length) => {
    let sum = 0;
    for (let k = 0; k < length; k++) sum += dy.data[rowStart + k];
    for (let k = 0; k < length; k++) dx.data[rowStart + k] = dy.data[rowStart + k] - Math.exp(y.data[rowStart + k]) * sum;
  });
  return dx;
}
