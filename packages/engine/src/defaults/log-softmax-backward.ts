import type { Backend, Tensor } from "../backend.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { checkSameShape } from "./softmax-backward.js";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of log-softmax over the last axis given its output: dy − exp(y) · Σ dy.
 *
 * Shapes: y, dy: [N, K] → [N, K]
 */
export function logSoftmaxBackward<T extends Tensor>(backend: Backend<T>, y: T, dy: T): T {
  checkSameShape("logSoftmaxBackward", y, dy);
  if (y.shape.length < 1) throw new Error(`logSoftmaxBackward: y ${formatShape(y.shape)} needs at least one axis`);
  const last = y.shape.length - 1;
  return withTemporaries(backend, (temporary) => {
    const totals = temporary(backend.reduce("sum", dy, { axes: [last], keepDimensions: true }));
    const probabilities = temporary(backend.unary("exp", y));
    return backend.binary("subtract", dy, temporary(backend.binary("multiply", probabilities, totals)));
  });
}
