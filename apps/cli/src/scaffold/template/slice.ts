import { elementCount, formatShape, stridesOf, type SliceOptions } from "@alexnet-ts/engine";
import { ArrayTensor, nextIndex, requireShape } from "./tensor.js";

/**
 * Strided slice: along axis i, the elements begin[i], begin[i] + step[i], … (size[i] of them);
 * a negative step walks backwards. Shapes: x: any → size
 */
export function slice(x: ArrayTensor, options: SliceOptions): ArrayTensor {
  const { begin, size, step } = options;
  const rank = x.shape.length;
  requireShape("slice", begin.length === rank && size.length === rank && step.length === rank, `begin, size and step need ${rank} entries for ${formatShape(x.shape)}`);
  for (let axis = 0; axis < rank; axis++) {
    requireShape("slice", Number.isInteger(step[axis]) && step[axis] !== 0, `step ${step[axis]} on axis ${axis} must be a non-zero whole number`);
    requireShape("slice", Number.isInteger(size[axis]) && size[axis] >= 0, `size ${size[axis]} on axis ${axis} must be a whole number ≥ 0`);
    const last = begin[axis] + (size[axis] - 1) * step[axis];
    const inside = (position: number): boolean => position >= 0 && position < x.shape[axis];
    requireShape("slice", size[axis] === 0 || (inside(begin[axis]) && inside(last)), `axis ${axis}: begin ${begin[axis]}, size ${size[axis]}, step ${step[axis]} leave the axis of length ${x.shape[axis]}`);
  }
  const inputStrides = stridesOf(x.shape);
  const output = new Float32Array(elementCount(size));
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < output.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += (begin[axis] + index[axis] * step[axis]) * inputStrides[axis];
    output[flat] = x.values[source];
    nextIndex(index, size);
  }
  return new ArrayTensor([...size], output);
}
