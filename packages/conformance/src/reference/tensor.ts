import { elementCount, formatShape } from "@alexnet-ts/engine";

// The shared shape kit, re-exported so that the reference ops keep one local import.
export { elementCount, formatShape, stridesOf } from "@alexnet-ts/engine";

/**
 * The float64 tensor the reference ops work on: a shape and row-major values, nothing else.
 * Every reference op is a plain loop over these, written to be obviously right rather than fast.
 */
export interface ReferenceTensor {
  readonly shape: number[];
  readonly data: Float64Array;
}

/** A tensor of a shape, zero-filled or holding a copy of `values` (whose length must match). */
export function referenceTensor(shape: readonly number[], values?: ArrayLike<number>): ReferenceTensor {
  for (const dimension of shape) {
    if (!Number.isInteger(dimension) || dimension < 0) throw new Error(`tensor: shape [${shape.join(", ")}] has a dimension that is not a whole number ≥ 0`);
  }
  const count = elementCount(shape);
  if (values !== undefined && values.length !== count) {
    throw new Error(`tensor: shape [${shape.join(", ")}] holds ${count} values, but ${values.length} were given`);
  }
  const data = new Float64Array(count);
  if (values !== undefined) for (let index = 0; index < count; index++) data[index] = values[index];
  return { shape: [...shape], data };
}

/** Throws `op: message` unless the condition holds: every shape error names its op. */
export function requireShape(op: string, condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`${op}: ${message}`);
}

/** Checks that a tensor is [N, C, H, W]. */
export function requireImage(op: string, name: string, tensor: ReferenceTensor): [number, number, number, number] {
  requireShape(op, tensor.shape.length === 4, `${name} must be [N, C, H, W], but is ${formatShape(tensor.shape)}`);
  return tensor.shape as [number, number, number, number];
}

/** Checks that a per-channel tensor is [C]. */
export function requireVector(op: string, name: string, tensor: ReferenceTensor, length: number): void {
  requireShape(op, tensor.shape.length === 1 && tensor.shape[0] === length, `${name} must be [${length}], but is ${formatShape(tensor.shape)}`);
}

/** Checks that two shapes are identical. */
export function requireSameShape(op: string, names: string, a: readonly number[], b: readonly number[]): void {
  requireShape(op, a.length === b.length && a.every((dimension, axis) => dimension === b[axis]), `${names} must have the same shape, but are ${formatShape(a)} and ${formatShape(b)}`);
}
