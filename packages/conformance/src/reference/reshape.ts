import { elementCount, formatShape, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";

/** The same row-major values with another shape of the same element count. */
export function referenceReshape(x: ReferenceTensor, shape: readonly number[]): ReferenceTensor {
  requireShape("reshape", shape.every((dimension) => Number.isInteger(dimension) && dimension >= 0), `shape ${formatShape(shape)} must be whole numbers ≥ 0`);
  requireShape("reshape", elementCount(shape) === x.data.length, `cannot reshape ${formatShape(x.shape)} (${x.data.length} elements) to ${formatShape(shape)}`);
  return referenceTensor(shape, x.data);
}
