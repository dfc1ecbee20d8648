import type { Shape } from "@alexnet-ts/engine";
import { elementCount, formatShape, requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Copies row-major float32 values into a new tensor. */
export function upload(store: TensorStore, values: Float32Array, shape: Shape): CpuTensor {
  requireValidShape("upload", shape);
  if (!(values instanceof Float32Array)) throw new Error("upload: values must be a Float32Array");
  if (values.length !== elementCount(shape)) {
    throw new Error(`upload: ${values.length} values do not fill shape ${formatShape(shape)} (${elementCount(shape)} elements)`);
  }
  const tensor = store.createUninitialized(shape);
  tensor.values.set(values);
  return tensor;
}
