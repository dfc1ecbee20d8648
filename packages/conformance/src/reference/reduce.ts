import type { ReduceOp } from "@alexnet-ts/engine";
import { elementCount, formatShape, referenceTensor, requireShape, stridesOf, type ReferenceTensor } from "./tensor.js";

/** Sum, maximum or mean over `axes`, removing them or keeping them as length 1. */
export function referenceReduce(op: ReduceOp, x: ReferenceTensor, axes: readonly number[], keepDimensions: boolean): ReferenceTensor {
  requireShape("reduce", op === "sum" || op === "max" || op === "mean", `unknown op "${op}"`);
  const rank = x.shape.length;
  for (const axis of axes) {
    requireShape(`reduce ${op}`, Number.isInteger(axis) && axis >= 0 && axis < rank, `axis ${axis} is out of range for ${formatShape(x.shape)}`);
  }
  requireShape(`reduce ${op}`, new Set(axes).size === axes.length, `axes [${axes.join(", ")}] repeat an axis`);
  const reduced = x.shape.map((_, axis) => axes.includes(axis));
  const keptShape = x.shape.map((dimension, axis) => (reduced[axis] ? 1 : dimension));
  const keptStrides = stridesOf(keptShape);
  const output = referenceTensor(keptShape);
  output.data.fill(op === "max" ? -Infinity : 0);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < x.data.length; flat++) {
    let target = 0;
    for (let axis = 0; axis < rank; axis++) if (!reduced[axis]) target += index[axis] * keptStrides[axis];
    const value = x.data[flat];
    output.data[target] = op === "max" ? Math.max(output.data[target], value) : output.data[target] + value;
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < x.shape[axis]) break;
      index[axis] = 0;
    }
  }
  if (op === "mean") {
    const count = elementCount(x.shape) / elementCount(keptShape);
    for (let target = 0; target < output.data.length; target++) output.data[target] /= count;
  }
  const shape = keepDimensions ? keptShape : x.shape.filter((_, axis) => !reduced[axis]);
  return { shape, data: output.data };
}
