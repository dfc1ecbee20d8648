import type { Backend, Tensor } from "../backend.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Softmax over the last axis, stable: the row maximum is subtracted before exponentiating.
 *
 * Shapes: x: [N, K] → [N, K]
 */
export function softmax<T extends Tensor>(backend: Backend<T>, x: T): T {
  if (x.shape.length < 1) throw new Error(`softmax: x ${formatShape(x.shape)} needs at least one axis`);
  const last = x.shape.length - 1;
  return withTemporaries(backend, (temporary) => {
    const shifted = temporary(backend.binary("subtract", x, temporary(backend.reduce("max", x, { axes: [last], keepDimensions: true }))));
    const exponentials = temporary(backend.unary("exp", shifted));
    return backend.binary("divide", exponentials, temporary(backend.reduce("sum", exponentials, { axes: [last], keepDimensions: true })));
  });
}
