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
  const stored = runtime.physical(x, x.order);
  const constant = runtime.paddingValue(value);
  // tfjs's GPU pad shaders compile only up to rank 4: their 5-D and 6-D coordinates are not GLSL
  // vectors (webgl: "no matching overloaded function") and WGSL cannot index a vec6 (webgpu, which
  // then silently returns zeros). Higher ranks are padded one axis at a time through a 3-D view.
  const padded = stored.rank > 4 && (runtime.engine === "webgl" || runtime.engine === "webgpu") ? tf.tidy(() => padAxisByAxis(stored, physicalPadding, constant)) : tf.pad(stored, physicalPadding, constant);
  return runtime.wrap(padded, shape, x.order);
}

/** Pads each padded axis in turn, seen as the middle of [before, axis, after]. Call inside tf.tidy. */
function padAxisByAxis(input: tf.Tensor, padding: readonly [number, number][], constant: number): tf.Tensor {
  let current = input;
  padding.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const shape = current.shape;
    const outer = shape.slice(0, axis).reduce((product, size) => product * size, 1);
    const inner = shape.slice(axis + 1).reduce((product, size) => product * size, 1);
    const padded = tf.pad(tf.reshape(current, [outer, shape[axis], inner]), [[0, 0], [before, after], [0, 0]], constant);
    current = tf.reshape(padded, shape.map((size, index) => (index === axis ? size + before + after : size)));
  });
  return current === input ? tf.clone(input) : current;
}
