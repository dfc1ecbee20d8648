import { elementCount, formatShape, stridesOf, type ReduceOp, type ReduceOptions } from "@alexnet-ts/engine";
import { ArrayTensor, nextIndex, requireShape } from "./tensor.js";

/**
 * Sum, maximum or mean over `axes`, removing them or keeping them as length 1.
 * Shapes: x: [d0, d1, …] → the same with each reduced axis removed, or kept as 1 with keepDimensions
 */
export function reduce(op: ReduceOp, x: ArrayTensor, options: ReduceOptions): ArrayTensor {
  const { axes, keepDimensions } = options;
  requireShape("reduce", op === "sum" || op === "max" || op === "mean", `unknown op "${op}"`);
  const rank = x.shape.length;
  for (const axis of axes) requireShape(`reduce ${op}`, Number.isInteger(axis) && axis >= 0 && axis < rank, `axis ${axis} is out of range for ${formatShape(x.shape)}`);
  requireShape(`reduce ${op}`, new Set(axes).size === axes.length, `axes [${axes.join(", ")}] repeat an axis`);
  const reduced = x.shape.map((_, axis) => axes.includes(axis));
  const keptShape = x.shape.map((dimension, axis) => (reduced[axis] ? 1 : dimension));
  // A reduced axis steps by 0 in the output, so every element along it lands on the same cell.
  const targetStrides = stridesOf(keptShape).map((stride, axis) => (reduced[axis] ? 0 : stride));
  // Sums accumulate in float64 (plain numbers) and are rounded to float32 once, at the end.
  const sums = new Float64Array(elementCount(keptShape)).fill(op === "max" ? -Infinity : 0);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < x.values.length; flat++) {
    let target = 0;
    for (let axis = 0; axis < rank; axis++) target += index[axis] * targetStrides[axis];
    const value = x.values[flat];
    sums[target] = op === "max" ? Math.max(sums[target], value) : sums[target] + value;
    nextIndex(index, x.shape);
  }
  const count = op === "mean" ? x.values.length / sums.length : 1;
  const output = Float32Array.from(sums, (sum) => sum / count);
  return new ArrayTensor(keepDimensions ? keptShape : x.shape.filter((_, axis) => !reduced[axis]), output);
}
