import { formatShape, referenceTensor, requireShape, stridesOf, type ReferenceTensor } from "./tensor.js";

/** Strided slice: along axis i, elements begin[i] + k·step[i] for k < size[i]; a negative step walks backwards. */
export function referenceSlice(x: ReferenceTensor, begin: readonly number[], size: readonly number[], step: readonly number[]): ReferenceTensor {
  const rank = x.shape.length;
  requireShape("slice", begin.length === rank && size.length === rank && step.length === rank, `begin, size and step need ${rank} entries for ${formatShape(x.shape)}`);
  for (let axis = 0; axis < rank; axis++) {
    requireShape("slice", Number.isInteger(step[axis]) && step[axis] !== 0, `step ${step[axis]} on axis ${axis} must be a non-zero whole number`);
    requireShape("slice", Number.isInteger(size[axis]) && size[axis] >= 0, `size ${size[axis]} on axis ${axis} must be a whole number ≥ 0`);
    const last = begin[axis] + (size[axis] - 1) * step[axis];
    requireShape(
      "slice",
      size[axis] === 0 || (begin[axis] >= 0 && begin[axis] < x.shape[axis] && last >= 0 && last < x.shape[axis]),
      `axis ${axis}: begin ${begin[axis]}, size ${size[axis]}, step ${step[axis]} leave the axis of length ${x.shape[axis]}`,
    );
  }
  const inputStrides = stridesOf(x.shape);
  const output = referenceTensor(size);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < output.data.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += (begin[axis] + index[axis] * step[axis]) * inputStrides[axis];
    output.data[flat] = x.data[source];
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < size[axis]) break;
      index[axis] = 0;
    }
  }
  return output;
}
