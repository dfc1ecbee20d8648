import type { Backend, Tensor } from "../backend.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of softmax over the last axis given its output: y · (dy − Σ dy·y).
 *
 * Shapes: y, dy: [N, K] → [N, K]
 */
export function softmaxBackward<T extends Tensor>(backend: Backend<T>, y: T, dy: T): T {
  checkSameShape("softmaxBackward", y, dy);
  if (y.shape.length < 1) throw new Error(`softmaxBackward: y ${formatShape(y.shape)} needs at least one axis`);
  const last = y.shape.length - 1;
  return withTemporaries(backend, (temporary) => {
    const projection = temporary(backend.reduce("sum", temporary(backend.binary("multiply", dy, y)), { axes: [last], keepDimensions: true }));
    return backend.binary("multiply", y, temporary(backend.binary("subtract", dy, projection)));
  });
}

/** Throws a clear error naming the op unless y and dy have the same shape. */
export function checkSameShape(op: string, y: Tensor, dy: Tensor): void {
  if (y.shape.length !== dy.shape.length || y.shape.some((dimension, axis) => dimension !== dy.shape[axis])) {
    throw new Error(`${op}: y ${formatShape(y.shape)} and dy ${formatShape(dy.shape)} should have the same shape`);
  }
}
