import { formatShape, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";

/** Joins tensors along an axis; every other dimension agrees. */
export function referenceConcat(tensors: readonly ReferenceTensor[], axis: number): ReferenceTensor {
  requireShape("concat", tensors.length >= 1, "needs at least one tensor");
  const first = tensors[0].shape;
  requireShape("concat", Number.isInteger(axis) && axis >= 0 && axis < first.length, `axis ${axis} is out of range for ${formatShape(first)}`);
  for (const tensor of tensors) {
    requireShape(
      "concat",
      tensor.shape.length === first.length && tensor.shape.every((dimension, other) => other === axis || dimension === first[other]),
      `shapes ${tensors.map((t) => formatShape(t.shape)).join(", ")} differ outside axis ${axis}`,
    );
  }
  const shape = [...first];
  shape[axis] = tensors.reduce((total, tensor) => total + tensor.shape[axis], 0);
  // View every tensor as [outer, length along axis × inner] and interleave the rows.
  const outer = first.slice(0, axis).reduce((product, dimension) => product * dimension, 1);
  const inner = first.slice(axis + 1).reduce((product, dimension) => product * dimension, 1);
  const output = referenceTensor(shape);
  let target = 0;
  for (let row = 0; row < outer; row++) {
    for (const tensor of tensors) {
      const rowLength = tensor.shape[axis] * inner;
      for (let column = 0; column < rowLength; column++) output.data[target++] = tensor.data[row * rowLength + column];
    }
  }
  return output;
}
