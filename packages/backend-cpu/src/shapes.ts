import { formatShape, type Shape } from "@alexnet-ts/engine";

// The shared shape kit, imported here so that the ops keep one local import.
export { elementCount, formatShape, stridesOf } from "@alexnet-ts/engine";

/** Throws unless `shape` is a list of whole numbers ≥ 0. */
export function requireValidShape(op: string, shape: Shape, role = "shape"): void {
  if (!Array.isArray(shape) || !shape.every((dimension) => Number.isInteger(dimension) && dimension >= 0)) {
    throw new Error(`${op}: ${role} must be a list of whole numbers ≥ 0, got ${JSON.stringify(shape)}`);
  }
}

/** Throws unless the tensor has `rank` axes. */
export function requireRank(op: string, shape: Shape, rank: number, role: string, layout?: string): void {
  if (shape.length !== rank) {
    throw new Error(`${op}: ${role} must have ${rank} axes${layout ? ` (${layout})` : ""}, got ${formatShape(shape)}`);
  }
}

/** Throws unless two shapes are equal. */
export function requireSameShape(op: string, first: Shape, firstRole: string, second: Shape, secondRole: string): void {
  if (first.length !== second.length || first.some((dimension, axis) => dimension !== second[axis])) {
    throw new Error(`${op}: ${firstRole} ${formatShape(first)} and ${secondRole} ${formatShape(second)} must have the same shape`);
  }
}

/** Throws unless `shape` is [channels] (a per-channel vector). */
export function requireVector(op: string, shape: Shape, channels: number, role: string): void {
  if (shape.length !== 1 || shape[0] !== channels) {
    throw new Error(`${op}: ${role} must be [${channels}] (one value per channel), got ${formatShape(shape)}`);
  }
}

/** Throws unless `value` is a finite number satisfying `valid`. */
export function requireNumber(op: string, value: number, role: string, valid: (value: number) => boolean, expectation: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || !valid(value)) {
    throw new Error(`${op}: ${role} must be ${expectation}, got ${String(value)}`);
  }
}
