import type { ReduceOp, Tensor } from "@alexnet-ts/engine";
import { formatShape, stridesOf } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Sum, maximum or mean over a set of axes; sums accumulate in float64. */
export function reduce(store: TensorStore, op: ReduceOp, x: Tensor, axes: readonly number[], keepDimensions: boolean): CpuTensor {
  const input = store.read("reduce", x, "x");
  if (op !== "sum" && op !== "max" && op !== "mean") throw new Error(`reduce: unknown reduction ${JSON.stringify(op)} (known: sum, max, mean)`);
  const shape = input.shape;
  const rank = shape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const axis of axes) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new Error(`reduce: axis ${axis} is out of range for x ${formatShape(shape)}`);
    if (reduced[axis]) throw new Error(`reduce: axis ${axis} is listed twice`);
    reduced[axis] = true;
  }
  const keptShape = shape.map((dimension, axis) => (reduced[axis] ? 1 : dimension));
  const outputShape = keepDimensions ? keptShape : shape.filter((_, axis) => !reduced[axis]);
  let reducedCount = 1;
  for (let axis = 0; axis < rank; axis++) if (reduced[axis]) reducedCount *= shape[axis];
  if (op === "max" && reducedCount === 0) throw new Error(`reduce: max over an empty axis of x ${formatShape(shape)}`);
  const output = store.create(outputShape);
  const values = input.values;
  const outputCount = output.values.length;
  const accumulator = new Float64Array(outputCount).fill(op === "max" ? -Infinity : 0);
  // Output index of each input element: its coordinates on kept axes, by the kept shape's strides.
  const keptStrides = stridesOf(keptShape).map((stride, axis) => (reduced[axis] ? 0 : stride));
  const counter = new Array<number>(rank).fill(0);
  let target = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (op === "max") {
      if (value > accumulator[target] || Number.isNaN(value)) accumulator[target] = value;
    } else {
      accumulator[target] += value;
    }
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis] += 1;
      target += keptStrides[axis];
      if (counter[axis] < shape[axis]) break;
      target -= keptStrides[axis] * shape[axis];
      counter[axis] = 0;
    }
  }
  const scale = op === "mean" ? 1 / reducedCount : 1;
  for (let index = 0; index < outputCount; index++) output.values[index] = accumulator[index] * scale;
  return output;
}
