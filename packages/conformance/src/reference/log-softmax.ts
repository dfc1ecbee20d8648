import { referenceTensor, type ReferenceTensor } from "./tensor.js";
import { forEachLastAxisRow } from "./softmax.js";

/** Log-softmax over the last axis: x − max − log Σ exp(x − max). */
export function referenceLogSoftmax(x: ReferenceTensor): ReferenceTensor {
  const output = referenceTensor(x.shape);
  forEachLastAxisRow("logSoftmax", x, (rowStart, length) => {
    let maximum = -Infinity;
    for (let k = 0; k < length; k++) maximum = Math.max(maximum, x.data[rowStart + k]);
    let sum = 0;
    for (let k = 0; k < length; k++) sum += Math.exp(x.data[rowStart + k] - maximum);
    const logSum = Math.log(sum);
    for (let k = 0; k < length; k++) output.data[rowStart + k] = x.data[rowStart + k] - maximum - logSum;
  });
  return output;
}
