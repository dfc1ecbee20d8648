import { formatShape, referenceTensor, requireShape, stridesOf, type ReferenceTensor } from "./tensor.js";

/** Permutes axes: output axis i is input axis permutation[i]. */
export function referenceTranspose(x: ReferenceTensor, permutation: readonly number[]): ReferenceTensor {
  const rank = x.shape.length;
  const sorted = [...permutation].sort((a, b) => a - b);
  requireShape("transpose", permutation.length === rank && sorted.every((axis, index) => axis === index), `[${permutation.join(", ")}] is not a permutation of the axes of ${formatShape(x.shape)}`);
  const shape = permutation.map((axis) => x.shape[axis]);
  const inputStrides = stridesOf(x.shape);
  const output = referenceTensor(shape);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < output.data.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += index[axis] * inputStrides[permutation[axis]];
    output.data[flat] = x.data[source];
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
    }
  }
  return output;
}
