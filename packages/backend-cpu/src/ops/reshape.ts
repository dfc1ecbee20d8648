import type { Shape, Tensor } from "@alexnet-ts/engine";
import { elementCount, formatShape, requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** The same values under another shape: a new handle sharing the storage (no copy). */
export function reshape(store: TensorStore, x: Tensor, shape: Shape): CpuTensor {
  const input = store.read("reshape", x, "x");
  requireValidShape("reshape", shape);
  if (elementCount(shape) !== input.values.length) {
    throw new Error(`reshape: x ${formatShape(input.shape)} has ${input.values.length} elements, but shape ${formatShape(shape)} has ${elementCount(shape)}`);
  }
  return input.view(shape);
}
