import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";

/** Constant padding, applied to the stored layout (the padding list is permuted, not the data). */
export function pad(runtime: TfjsRuntime, x: TfjsTensor, padding: readonly (readonly [number, number])[], value: number): TfjsTensor {
  if (padding.length !== x.shape.length || padding.some(([before, after]) => !(Number.isInteger(before) && Number.isInteger(after) && before >= 0 && after >= 0))) {
    throw new Error(`${runtime.backendName}: padding must give [before, after] (whole numbers ≥ 0) for each of the ${x.shape.length} axes of [${x.shape}]`);
  }
  const physicalPadding = x.order.map((axis) => [padding[axis][0], padding[axis][1]] as [number, number]);
  const shape = x.shape.map((size, axis) => size + padding[axis][0] + padding[axis][1]);
  return runtime.wrap(tf.pad(runtime.physical(x, x.order), physicalPadding, value), shape, x.order);
}
