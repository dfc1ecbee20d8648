import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { physicalPositions, type TfjsTensor } from "../tensor.js";

/** Joins tensors along a semantic axis, in the first tensor's layout (the others follow it). */
export function concat(runtime: TfjsRuntime, tensors: readonly TfjsTensor[], axis: number): TfjsTensor {
  if (tensors.length === 0) throw new Error(`${runtime.backendName}: concat needs at least one tensor`);
  const [first] = tensors;
  const rank = first.shape.length;
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new Error(`${runtime.backendName}: concat axis ${axis} is out of range for rank ${rank}`);
  for (const tensor of tensors) {
    if (tensor.shape.length !== rank || tensor.shape.some((size, index) => index !== axis && size !== first.shape[index])) {
      throw new Error(`${runtime.backendName}: cannot concat [${tensor.shape}] with [${first.shape}] along axis ${axis}`);
    }
  }
  const order = first.order;
  const values = tensors.map((tensor) => runtime.physical(tensor, order));
  const shape = [...first.shape];
  shape[axis] = tensors.reduce((total, tensor) => total + tensor.shape[axis], 0);
  return runtime.wrap(tensors.length === 1 ? tf.clone(values[0]) : tf.concat(values, physicalPositions(order)[axis]), shape, order);
}
