import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { physicalPositions, type TfjsTensor } from "../tensor.js";

/**
 * Permutes axes lazily: the result shares the input's data (tf.clone copies no values) and only
 * records the new order; a copy happens later, and only if an op needs another layout.
 */
export function transpose(runtime: TfjsRuntime, x: TfjsTensor, permutation: readonly number[]): TfjsTensor {
  const rank = x.shape.length;
  const sorted = [...permutation].sort((a, b) => a - b);
  if (permutation.length !== rank || sorted.some((axis, index) => axis !== index)) {
    throw new Error(`${runtime.backendName}: [${permutation}] is not a permutation of the ${rank} axes of [${x.shape}]`);
  }
  // Output axis i is input axis permutation[i]; so input axis a becomes output axis inverse[a].
  const inverse = physicalPositions(permutation);
  const order = x.order.map((axis) => inverse[axis]);
  return runtime.wrap(tf.clone(runtime.physical(x, x.order)), permutation.map((axis) => x.shape[axis]), order);
}
