import { elementCount, formatShape, referenceTensor, requireShape, requireVector, type ReferenceTensor } from "./tensor.js";
import { referenceBatchNorm2dInference } from "./batch-norm2d-inference.js";

/** Per-channel mean and biased variance over every axis but 1. */
export function referenceChannelStatistics(op: string, x: ReferenceTensor): { mean: ReferenceTensor; variance: ReferenceTensor } {
  requireShape(op, x.shape.length >= 2, `x must be [N, C, …], but is ${formatShape(x.shape)}`);
  const [batch, channels] = x.shape;
  const inner = elementCount(x.shape.slice(2));
  const count = batch * inner;
  const mean = referenceTensor([channels]);
  const variance = referenceTensor([channels]);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) for (let i = 0; i < inner; i++) sum += x.data[(n * channels + c) * inner + i];
    mean.data[c] = sum / count;
    let squares = 0;
    for (let n = 0; n < batch; n++) for (let i = 0; i < inner; i++) squares += (x.data[(n * channels + c) * inner + i] - mean.data[c]) ** 2;
    variance.data[c] = squares / count;
  }
  return { mean, variance };
}

/** Batch normalization with the batch's own statistics; returns them too. */
export function referenceBatchNorm2dTraining(
  x: ReferenceTensor,
  weight: ReferenceTensor,
  bias: ReferenceTensor,
  epsilon: number,
): { output: ReferenceTensor; mean: ReferenceTensor; variance: ReferenceTensor } {
  const { mean, variance } = referenceChannelStatistics("batchNorm2dTraining", x);
  requireVector("batchNorm2dTraining", "weight", weight, x.shape[1]);
  requireVector("batchNorm2dTraining", "bias", bias, x.shape[1]);
  return { output: referenceBatchNorm2dInference(x, mean, variance, weight, bias, epsilon), mean, variance };
}
