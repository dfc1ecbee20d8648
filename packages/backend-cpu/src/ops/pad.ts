import type { Tensor } from "@alexnet-ts/engine";
import { formatShape, stridesOf } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * Pads each axis with a constant. A negative amount crops instead (as ONNX's Pad allows), as
 * long as the axis keeps a length ≥ 0.
 */
export function pad(store: TensorStore, x: Tensor, padding: readonly (readonly [number, number])[], value: number): CpuTensor {
  const input = store.read("pad", x, "x");
  const shape = input.shape;
  const rank = shape.length;
  if (!Array.isArray(padding) || padding.length !== rank) {
    throw new Error(`pad: padding must list [before, after] for each of the ${rank} axes of x ${formatShape(shape)}, got ${JSON.stringify(padding)}`);
  }
  const outputShape = shape.map((dimension, axis) => {
    const amounts = padding[axis];
    if (!Array.isArray(amounts) || amounts.length !== 2 || !amounts.every((amount) => Number.isInteger(amount))) {
      throw new Error(`pad: padding of axis ${axis} must be two whole numbers [before, after], got ${JSON.stringify(amounts)}`);
    }
    const length = dimension + amounts[0] + amounts[1];
    if (length < 0) throw new Error(`pad: padding ${JSON.stringify(amounts)} crops axis ${axis} of x ${formatShape(shape)} below zero length`);
    return length;
  });
  const output = store.create(outputShape);
  const target = output.values;
  if (value !== 0) target.fill(value);
  const count = target.length;
  if (count === 0 || input.values.length === 0) return output;
  if (rank === 0) {
    target[0] = input.values[0];
    return output;
  }
  // For every output row, copy the part that lies inside the input (rows outside stay `value`).
  const source = input.values;
  const inputStrides = stridesOf(shape);
  const before = padding.map((amounts) => amounts[0]);
  const last = rank - 1;
  const firstColumn = Math.max(0, before[last]);
  const endColumn = Math.min(outputShape[last], before[last] + shape[last]);
  const counter = new Array<number>(rank).fill(0);
  for (let start = 0; start < count; start += outputShape[last]) {
    let inside = true;
    let sourceRow = 0;
    for (let axis = 0; axis < last; axis++) {
      const position = counter[axis] - before[axis];
      if (position < 0 || position >= shape[axis]) {
        inside = false;
        break;
      }
      sourceRow += position * inputStrides[axis];
    }
    if (inside && endColumn > firstColumn) {
      const sourceStart = sourceRow + firstColumn - before[last];
      target.set(source.subarray(sourceStart, sourceStart + endColumn - firstColumn), start + firstColumn);
    }
    for (let axis = last - 1; axis >= 0; axis--) {
      counter[axis] += 1;
      if (counter[axis] < outputShape[axis]) break;
      counter[axis] = 0;
    }
  }
  return output;
}
