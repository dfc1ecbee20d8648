import type { Shape } from "@alexnet-ts/engine";
import { requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** A tensor of one value. */
export function fill(store: TensorStore, shape: Shape, value: number): CpuTensor {
  requireValidShape("fill", shape);
  if (typeof value !== "number") throw new Error(`fill: value must be a number, got ${typeof value}`);
  const tensor = store.createUninitialized(shape);
  tensor.values.fill(value);
  return tensor;
}
