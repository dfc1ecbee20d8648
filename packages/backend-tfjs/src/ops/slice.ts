import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";

/** Strided slice (negative steps walk backwards), on the stored layout. */
export function slice(runtime: TfjsRuntime, x: TfjsTensor, begin: readonly number[], size: readonly number[], step: readonly number[]): TfjsTensor {
  const rank = x.shape.length;
  if (begin.length !== rank || size.length !== rank || step.length !== rank) {
    throw new Error(`${runtime.backendName}: slice needs begin, size and step for each of the ${rank} axes of [${x.shape}]`);
  }
  for (let axis = 0; axis < rank; axis++) {
    const last = begin[axis] + step[axis] * (size[axis] - 1);
    const inRange = (index: number): boolean => index >= 0 && index < x.shape[axis];
    if (step[axis] === 0 || !Number.isInteger(step[axis]) || size[axis] < 0 || (size[axis] > 0 && !(inRange(begin[axis]) && inRange(last)))) {
      throw new Error(`${runtime.backendName}: slice begin ${begin[axis]}, size ${size[axis]}, step ${step[axis]} leaves axis ${axis} of [${x.shape}]`);
    }
  }
  const stored = runtime.physical(x, x.order);
  const order = x.order;
  let value: tf.Tensor;
  if (size.some((count) => count === 0)) {
    value = tf.zeros(order.map((axis) => size[axis]));
  } else if (step.every((stride) => stride === 1)) {
    value = tf.slice(stored, order.map((axis) => begin[axis]), order.map((axis) => size[axis]));
  } else {
    // tfjs reads a negative end as counting from the back, so an axis that walks down to index 0
    // sets its end-mask bit ("to the end") instead.
    let endMask = 0;
    const ends = order.map((axis, physical) => {
      const end = begin[axis] + step[axis] * size[axis];
      if (end < 0) endMask |= 1 << physical;
      return end < 0 ? 0 : end;
    });
    value = tf.stridedSlice(stored, order.map((axis) => begin[axis]), ends, order.map((axis) => step[axis]), 0, endMask);
  }
  return runtime.wrap(value, size, order);
}
