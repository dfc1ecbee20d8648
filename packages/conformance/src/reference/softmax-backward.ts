import { referenceTensor, requireSameShape, type ReferenceTensor } from "./tensor.js";
import { forEachLastAxisRow } from "./softmax.js";

/** Gradient of softmax from its output: y · (dy − Σ dy·y) per row. */
export function referenceSoftmaxBackward(y: ReferenceTensor, dy: ReferenceTensor): ReferenceTensor {
  requireSameShape("softmaxBackward", "y and dy", y.shape, dy.shape);
  const dx = referenceTensor(y.shape);
  forEachLastAxisRow("softmaxBackward", y, (rowStart, length) => {
    let dot = 0;
    for (let k = 0; k < length; k++) dot += dy.data[rowStart + k] * y.data[rowStart + k];
    for (let k = 0; k < length; k++) dx.data[rowStart + k] = y.data[rowStart + k] * (dy.data[rowStart + k] - dot);
  });
  return dx;
}
