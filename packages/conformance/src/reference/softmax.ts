import { formatShape, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";

/** Calls `visit(rowStart, length)` for every row along the last axis. */
export function forEachLastAxisRow(op: string, x: ReferenceTensor, visit: (rowStart: number, length: number) => void): void {
  requireShape(op, x.shape.length >= 1, `x must have at least one axis, but is ${formatShape(x.shape)}`);
  const length = x.shape[x.shape.length - 1];
  if (length === 0) return;
  for (let rowStart = 0; rowStart < x.data.length; rowStart += length) visit(rowStart, length);
}

/** Softmax over the last axis, shifted by the row maximum so exp never overflows. */
export function referenceSoftmax(x: ReferenceTensor): ReferenceTensor {
  const output = referenceTensor(x.shape);
  forEachLastAxisRow("softmax", x, (rowStart, length) => {
    let maximum = -Infinity;
    for (let k = 0; k < length; k++) maximum = Math.max(maximum, x.data[rowStart + k]);
    let sum = 0;
    for (let k = 0; k < length; k++) sum += Math.exp(x.data[rowStart + k] - maximum);
    for (let k = 0; k < length; k++) output.data[rowStart + k] = Math.exp(x.data[rowStart + k] - maximum) / sum;
  });
  return output;
}
