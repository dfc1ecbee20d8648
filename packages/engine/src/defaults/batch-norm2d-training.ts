import type { Backend, Tensor } from "../backend.js";
import type { BatchNormTrainingResult } from "../backend-options.js";
import { checkBatchNormShapes, nonChannelAxes } from "./batch-norm-checks.js";
import { channelView } from "./layout.js";
import { withTemporaries } from "./temporaries.js";

/**
 * Batch normalization with the batch's own statistics: the mean, then the biased variance as the
 * mean of squared deviations (two passes, which stays accurate when the mean is large).
 *
 * Shapes: x: [N, C, H, W]; weight, bias: [C] → output like x; mean, variance: [C]
 */
export function batchNorm2dTraining<T extends Tensor>(
  backend: Backend<T>,
  x: T,
  weight: T,
  bias: T,
  epsilon: number,
): BatchNormTrainingResult<T> {
  checkBatchNormShapes("batchNorm2dTraining", x, { weight, bias });
  const rank = x.shape.length;
  const channels = x.shape[1];
  const axes = nonChannelAxes(rank);
  return withTemporaries(backend, (temporary) => {
    const meanKept = temporary(backend.reduce("mean", x, { axes, keepDimensions: true }));
    const centered = temporary(backend.binary("subtract", x, meanKept));
    const varianceKept = temporary(backend.reduce("mean", temporary(backend.unary("square", centered)), { axes, keepDimensions: true }));
    const deviation = temporary(backend.unary("sqrt", temporary(backend.binary("add", varianceKept, temporary(backend.fill([], epsilon))))));
    const normalized = temporary(backend.binary("divide", centered, deviation));
    const scaled = temporary(backend.binary("multiply", normalized, temporary(channelView(backend, weight, rank))));
    const output = backend.binary("add", scaled, temporary(channelView(backend, bias, rank)));
    return {
      output,
      mean: backend.reshape(meanKept, [channels]),
      variance: backend.reshape(varianceKept, [channels]),
    };
  });
}
