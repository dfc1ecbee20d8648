import { elementCount, formatShape } from "@alexnet-ts/engine";
import { ArrayTensor, requireShape } from "./tensor.js";

/** Joins tensors along an axis; all other dimensions agree. Shapes: [..., a_i, ...] → [..., Σ a_i, ...] */
export function concat(tensors: readonly ArrayTensor[], axis: number): ArrayTensor {
  requireShape("concat", tensors.length >= 1, "needs at least one tensor");
  const first = tensors[0].shape;
  requireShape("concat", Number.isInteger(axis) && axis >= 0 && axis < first.length, `axis ${axis} is out of range for ${formatShape(first)}`);
  const agrees = (shape: readonly number[]): boolean => shape.length === first.length && shape.every((dimension, other) => other === axis || dimension === first[other]);
  requireShape("concat", tensors.every((tensor) => agrees(tensor.shape)), `shapes ${tensors.map((tensor) => formatShape(tensor.shape)).join(", ")} differ outside axis ${axis}`);
  const shape = [...first];
  shape[axis] = tensors.reduce((total, tensor) => total + tensor.shape[axis], 0);
  // Seen as [outer, length along the axis × inner], the output interleaves the inputs' rows.
  const outer = elementCount(first.slice(0, axis));
  const output = new Float32Array(elementCount(shape));
  let target = 0;
  for (let row = 0; row < outer; row++) {
    for (const tensor of tensors) {
      const rowLength = tensor.values.length / outer;
      output.set(tensor.values.subarray(row * rowLength, (row + 1) * rowLength), target);
      target += rowLength;
    }
  }
  return new ArrayTensor(shape, output);
}
