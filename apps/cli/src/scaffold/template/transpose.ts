import { formatShape, stridesOf } from "@alexnet-ts/engine";
import { ArrayTensor, nextIndex, requireShape } from "./tensor.js";

/** Permutes axes: output axis i is input axis permutation[i]. Shapes: x: [d0, d1, …] → [d[p0], d[p1], …] */
export function transpose(x: ArrayTensor, permutation: readonly number[]): ArrayTensor {
  const rank = x.shape.length;
  const sorted = [...permutation].sort((first, second) => first - second);
  requireShape("transpose", permutation.length === rank && sorted.every((axis, index) => axis === index), `[${permutation.join(", ")}] is not a permutation of the axes of ${formatShape(x.shape)}`);
  const shape = permutation.map((axis) => x.shape[axis]);
  const inputStrides = stridesOf(x.shape);
  const output = new Float32Array(x.values.length);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < output.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += index[axis] * inputStrides[permutation[axis]];
    output[flat] = x.values[source];
    nextIndex(index, shape);
  }
  return new ArrayTensor(shape, output);
}
