import type { Tensor } from "@alexnet-ts/engine";
import { formatShape, stridesOf } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Permutes axes: output axis i is input axis permutation[i]. */
export function transpose(store: TensorStore, x: Tensor, permutation: readonly number[]): CpuTensor {
  const input = store.read("transpose", x, "x");
  const shape = input.shape;
  const rank = shape.length;
  const seen = new Set(permutation);
  if (permutation.length !== rank || seen.size !== rank || !permutation.every((axis) => Number.isInteger(axis) && axis >= 0 && axis < rank)) {
    throw new Error(`transpose: permutation ${JSON.stringify(permutation)} is not a permutation of the ${rank} axes of x ${formatShape(shape)}`);
  }
  const outputShape = permutation.map((axis) => shape[axis]);
  const output = store.createUninitialized(outputShape);
  const count = output.values.length;
  if (count === 0) return output;
  const inputStrides = stridesOf(shape);
  // Walk the output in order; the input index moves by the permuted input strides.
  const steps = permutation.map((axis) => inputStrides[axis]);
  const source = input.values;
  const target = output.values;
  if (rank === 0) {
    target[0] = source[0];
    return output;
  }
  const rowLength = outputShape[rank - 1];
  const rowStep = steps[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  for (let start = 0; start < count; start += rowLength) {
    for (let j = 0; j < rowLength; j++) target[start + j] = source[base + j * rowStep];
    for (let axis = rank - 2; axis >= 0; axis--) {
      counter[axis] += 1;
      base += steps[axis];
      if (counter[axis] < outputShape[axis]) break;
      base -= steps[axis] * outputShape[axis];
      counter[axis] = 0;
    }
  }
  return output;
}
