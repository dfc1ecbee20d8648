import type { Tensor } from "@alexnet-ts/engine";
import { formatShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Joins tensors along an axis; all other dimensions must agree. */
export function concat(store: TensorStore, tensors: readonly Tensor[], axis: number): CpuTensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error("concat: needs at least one tensor");
  const inputs = tensors.map((tensor, index) => store.read("concat", tensor, `tensor ${index}`));
  const shape = inputs[0].shape;
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new Error(`concat: axis ${axis} is out of range for ${formatShape(shape)}`);
  let joined = 0;
  for (const [index, input] of inputs.entries()) {
    const mismatch = input.shape.length !== rank || input.shape.some((dimension, other) => other !== axis && dimension !== shape[other]);
    if (mismatch) {
      throw new Error(`concat: tensor ${index} ${formatShape(input.shape)} does not match ${formatShape(shape)} outside axis ${axis}`);
    }
    joined += input.shape[axis];
  }
  const outputShape = shape.map((dimension, other) => (other === axis ? joined : dimension));
  const output = store.createUninitialized(outputShape);
  // Each input contributes a contiguous block of (its axis length × inner size) per outer index.
  let outer = 1;
  for (let other = 0; other < axis; other++) outer *= shape[other];
  let inner = 1;
  for (let other = axis + 1; other < rank; other++) inner *= shape[other];
  const outputBlock = joined * inner;
  let offset = 0;
  for (const input of inputs) {
    const block = input.shape[axis] * inner;
    for (let index = 0; index < outer; index++) {
      output.values.set(input.values.subarray(index * block, (index + 1) * block), index * outputBlock + offset);
    }
    offset += block;
  }
  return output;
}
