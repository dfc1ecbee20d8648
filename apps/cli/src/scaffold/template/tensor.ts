import type { Shape, Tensor } from "@alexnet-ts/engine";

/**
 * This backend's tensor: a shape and its row-major NCHW values. An op never changes a tensor
 * after making it, so ops that only relabel values (reshape) may share the array.
 */
export class ArrayTensor implements Tensor {
  constructor(
    readonly shape: Shape,
    readonly values: Float32Array,
  ) {}
}

/** Throws "op: message" unless the condition holds: every shape error names its op. */
export function requireShape(op: string, condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`${op}: ${message}`);
}

/** Steps a row-major index to the next element of `shape` (the last axis moves fastest). */
export function nextIndex(index: number[], shape: Shape): void {
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    if (++index[axis] < shape[axis]) return;
    index[axis] = 0;
  }
}
