import type { Backend, Tensor } from "../backend.js";
import { checkBatchNormShapes } from "./batch-norm-checks.js";
import { channelView } from "./layout.js";
import { withTemporaries } from "./temporaries.js";

/**
 * Batch normalization with given statistics, folded per channel into one scale and one shift
 * (computed on [C] vectors) so the full tensor sees one multiply and one add.
 *
 * Shapes: x: [N, C, H, W]; mean, variance, weight, bias: [C] → same as x
 */
export function batchNorm2dInference<T extends Tensor>(
  backend: Backend<T>,
  x: T,
  mean: T,
  variance: T,
  weight: T,
  bias: T,
  epsilon: number,
): T {
  checkBatchNormShapes("batchNorm2dInference", x, { mean, variance, weight, bias });
  const rank = x.shape.length;
  return withTemporaries(backend, (temporary) => {
    const deviation = temporary(backend.unary("sqrt", temporary(backend.binary("add", variance, temporary(backend.fill([], epsilon))))));
    const scale = temporary(backend.binary("divide", weight, deviation));
    const shift = temporary(backend.binary("subtract", bias, temporary(backend.binary("multiply", mean, scale))));
    const scaled = temporary(backend.binary("multiply", x, temporary(channelView(backend, scale, rank))));
    return backend.binary("add", scaled, temporary(channelView(backend, shift, rank)));
  });
}
