import type { ReduceOp } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { physicalPositions, type TfjsTensor } from "../tensor.js";

const functions: Record<ReduceOp, (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor> = {
  sum: (x, axes, keepDims) => tf.sum(x, axes, keepDims),
  max: (x, axes, keepDims) => tf.max(x, axes, keepDims),
  mean: (x, axes, keepDims) => tf.mean(x, axes, keepDims),
};

/**
 * Reduction over semantic axes, done on the stored layout: the axes are mapped to physical ones,
 * and the remaining axes keep their physical order (recorded on the result, not transposed).
 */
export function reduce(runtime: TfjsRuntime, op: ReduceOp, x: TfjsTensor, axes: readonly number[], keepDimensions: boolean): TfjsTensor {
  const operation = functions[op];
  if (operation === undefined) throw new Error(`${runtime.backendName}: unknown reduction "${op}"`);
  const rank = x.shape.length;
  for (const axis of axes) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new Error(`${runtime.backendName}: reduce axis ${axis} is out of range for shape [${x.shape}]`);
  }
  if (new Set(axes).size !== axes.length) throw new Error(`${runtime.backendName}: reduce axes [${axes}] repeat an axis`);
  const positions = physicalPositions(x.order);
  const reduced = new Set(axes);
  const value = axes.length === 0 ? tf.clone(x.value) : operation(runtime.physical(x, x.order), axes.map((axis) => positions[axis]), keepDimensions);
  if (keepDimensions) return runtime.wrap(value, x.shape.map((size, axis) => (reduced.has(axis) ? 1 : size)), x.order);
  // The physical survivors, renumbered as semantic axes of the result.
  const survivors = x.shape.map((_, axis) => axis).filter((axis) => !reduced.has(axis));
  const renumber = new Map(survivors.map((axis, index) => [axis, index]));
  const order = x.order.filter((axis) => !reduced.has(axis)).map((axis) => renumber.get(axis) as number);
  return runtime.wrap(value, survivors.map((axis) => x.shape[axis]), order);
}
