import type { Backend, Tensor } from "../backend.js";
import type { BatchNormGradients } from "../backend-options.js";
import { checkBatchNormShapes, nonChannelAxes } from "./batch-norm-checks.js";
import { channelView } from "./layout.js";
import { elementCount } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradients of training-mode batch normalization, with x̂ = (x − mean)/σ, σ = √(variance + ε)
 * and M = N·H·W values per channel:
 *   dbias = Σ dy,  dweight = Σ dy·x̂,  dx = weight/σ · (dy − dbias/M − x̂·dweight/M).
 *
 * Shapes: x, dy: [N, C, H, W]; mean, variance, weight: [C] → input like x; weight, bias: [C]
 */
export function batchNorm2dBackward<T extends Tensor>(
  backend: Backend<T>,
  x: T,
  dy: T,
  mean: T,
  variance: T,
  weight: T,
  epsilon: number,
): BatchNormGradients<T> {
  checkBatchNormShapes("batchNorm2dBackward", x, { mean, variance, weight });
  if (dy.shape.length !== x.shape.length || dy.shape.some((dimension, axis) => dimension !== x.shape[axis])) {
    throw new Error(`batchNorm2dBackward: dy [${dy.shape.join(", ")}] should have x's shape [${x.shape.join(", ")}]`);
  }
  const rank = x.shape.length;
  const channels = x.shape[1];
  const axes = nonChannelAxes(rank);
  const perChannelCount = elementCount(x.shape) / channels;
  return withTemporaries(backend, (temporary) => {
    const deviation = temporary(backend.unary("sqrt", temporary(backend.binary("add", variance, temporary(backend.fill([], epsilon))))));
    const centered = temporary(backend.binary("subtract", x, temporary(channelView(backend, mean, rank))));
    const normalized = temporary(backend.binary("divide", centered, temporary(channelView(backend, deviation, rank))));
    const biasKept = temporary(backend.reduce("sum", dy, { axes, keepDimensions: true }));
    const weightKept = temporary(backend.reduce("sum", temporary(backend.binary("multiply", dy, normalized)), { axes, keepDimensions: true }));
    const inverseCount = temporary(backend.fill([], 1 / perChannelCount));
    const meanDy = temporary(backend.binary("multiply", biasKept, inverseCount));
    const meanProjection = temporary(backend.binary("multiply", weightKept, inverseCount));
    const projected = temporary(backend.binary("multiply", normalized, meanProjection));
    const residual = temporary(backend.binary("subtract", temporary(backend.binary("subtract", dy, meanDy)), projected));
    const gain = temporary(channelView(backend, temporary(backend.binary("divide", weight, deviation)), rank));
    return {
      input: backend.binary("multiply", residual, gain),
      weight: backend.reshape(weightKept, [channels]),
      bias: backend.reshape(biasKept, [channels]),
    };
  });
}
