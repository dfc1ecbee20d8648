import type { Tensor } from "@alexnet-ts/engine";
import { formatShape, stridesOf } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Strided slice: along axis i, size[i] elements from begin[i], step[i] apart (negative steps walk backwards). */
export function slice(store: TensorStore, x: Tensor, begin: readonly number[], size: readonly number[], step: readonly number[]): CpuTensor {
  const input = store.read("slice", x, "x");
  const shape = input.shape;
  const rank = shape.length;
  if (begin.length !== rank || size.length !== rank || step.length !== rank) {
    throw new Error(`slice: begin, size and step must each have ${rank} entries for x ${formatShape(shape)}, got ${begin.length}, ${size.length}, ${step.length}`);
  }
  for (let axis = 0; axis < rank; axis++) {
    const [first, count, stride] = [begin[axis], size[axis], step[axis]];
    if (!Number.isInteger(first) || !Number.isInteger(count) || !Number.isInteger(stride) || count < 0 || stride === 0) {
      throw new Error(`slice: axis ${axis} needs whole numbers with size ≥ 0 and step ≠ 0, got begin ${first}, size ${count}, step ${stride}`);
    }
    const lastIndex = first + (count - 1) * stride;
    if (count > 0 && (first < 0 || first >= shape[axis] || lastIndex < 0 || lastIndex >= shape[axis])) {
      throw new Error(`slice: axis ${axis} of x ${formatShape(shape)} has no elements ${first} to ${lastIndex} (step ${stride})`);
    }
  }
  const output = store.createUninitialized(size);
  const target = output.values;
  const total = target.length;
  if (total === 0) return output;
  const source = input.values;
  if (rank === 0) {
    target[0] = source[0];
    return output;
  }
  const inputStrides = stridesOf(shape);
  const steps = inputStrides.map((stride, axis) => stride * step[axis]);
  let base = 0;
  for (let axis = 0; axis < rank; axis++) base += begin[axis] * inputStrides[axis];
  const last = rank - 1;
  const rowLength = size[last];
  const rowStep = steps[last];
  const counter = new Array<number>(rank).fill(0);
  for (let start = 0; start < total; start += rowLength) {
    for (let j = 0; j < rowLength; j++) target[start + j] = source[base + j * rowStep];
    for (let axis = last - 1; axis >= 0; axis--) {
      counter[axis] += 1;
      base += steps[axis];
      if (counter[axis] < size[axis]) break;
      base -= steps[axis] * size[axis];
      counter[axis] = 0;
    }
  }
  return output;
}
