import { elementCount, formatShape, stridesOf } from "@alexnet-ts/engine";
import { ArrayTensor, nextIndex, requireShape } from "./tensor.js";

/** Pads each axis with a constant: padding[i] is [before, after] for axis i. Shapes: x: [d0, …] → [d0 + before0 + after0, …] */
export function pad(x: ArrayTensor, padding: readonly (readonly [number, number])[], value: number): ArrayTensor {
  const rank = x.shape.length;
  requireShape("pad", padding.length === rank, `needs one [before, after] pair per axis of ${formatShape(x.shape)}, got ${padding.length}`);
  requireShape("pad", padding.every(([before, after]) => Number.isInteger(before) && Number.isInteger(after) && before >= 0 && after >= 0), "padding must be whole numbers ≥ 0");
  const shape = x.shape.map((dimension, axis) => dimension + padding[axis][0] + padding[axis][1]);
  const outputStrides = stridesOf(shape);
  const output = new Float32Array(elementCount(shape)).fill(value);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < x.values.length; flat++) {
    let target = 0;
    for (let axis = 0; axis < rank; axis++) target += (index[axis] + padding[axis][0]) * outputStrides[axis];
    output[target] = x.values[flat];
    nextIndex(index, x.shape);
  }
  return new ArrayTensor(shape, output);
}
