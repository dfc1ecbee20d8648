import { elementCount, formatShape, type Shape } from "@alexnet-ts/engine";
import { ArrayTensor, requireShape } from "./tensor.js";

/** The same values with another shape of the same element count. Shapes: x: any → shape */
export function reshape(x: ArrayTensor, shape: Shape): ArrayTensor {
  requireShape("reshape", shape.every((dimension) => Number.isInteger(dimension) && dimension >= 0), `shape ${formatShape(shape)} must be whole numbers ≥ 0`);
  requireShape("reshape", elementCount(shape) === x.values.length, `cannot reshape ${formatShape(x.shape)} (${x.values.length} elements) to ${formatShape(shape)}`);
  // Tensors are never changed after they are made, so the new handle shares the values.
  return new ArrayTensor(Object.freeze([...shape]), x.values);
}
