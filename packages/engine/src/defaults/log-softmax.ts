import type { Backend, Tensor } from "../backend.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Log-softmax over the last axis, stable: (x − max) − log Σ exp(x − max).
 *
 * Shapes: x: [N, K] → [N, K]
 */
export function logSoftmax<T extends Tensor>(backend: Backend<T>, x: T): T {
  if (x.shape.length < 1) throw new Error(`logSoftmax: x ${formatShape(x.shape)} needs at least one axis`);
  const last = x.shape.length - 1;
  return withTemporaries(backend, (temporary) => {
    const shifted = temporary(backend.binary("subtract", x, temporary(backend.reduce("max", x, { axes: [last], keepDimensions: true }))));
    const sums = temporary(backend.reduce("sum", temporary(backend.unary("exp", shifted)), { axes: [last], keepDimensions: true }));
    return backend.binary("subtract", shifted, temporary(backend.unary("log", sums)));
  });
}
