import { formatShape, referenceTensor, requireShape, stridesOf, type ReferenceTensor } from "./tensor.js";

/** Pads each axis with a constant: padding[i] = [before, after] for axis i. */
export function referencePad(x: ReferenceTensor, padding: readonly (readonly [number, number])[], value: number): ReferenceTensor {
  const rank = x.shape.length;
  requireShape("pad", padding.length === rank, `needs one [before, after] pair per axis of ${formatShape(x.shape)}, got ${padding.length}`);
  requireShape("pad", padding.every(([before, after]) => Number.isInteger(before) && Number.isInteger(after) && before >= 0 && after >= 0), "padding must be whole numbers ≥ 0");
  const shape = x.shape.map((dimension, axis) => dimension + padding[axis][0] + padding[axis][1]);
  const outputStrides = stridesOf(shape);
  const output = referenceTensor(shape);
  output.data.fill(value);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < x.data.length; flat++) {
    let target = 0;
    for (let axis = 0; axis < rank; axis++) target += (index[axis] + padding[axis][0]) * outputStrides[axis];
    output.data[target] = x.data[flat];
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < x.shape[axis]) break;
      index[axis] = 0;
    }
  }
  return output;
}
