import type { BatchNormGradients, BatchNormTrainingResult } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { nhwcOrder, type TfjsTensor } from "../tensor.js";

/** Per-channel statistics broadcast along NHWC's last axis: the natural layout for batch norm. */
function channelVectors(runtime: TfjsRuntime, x: TfjsTensor, vectors: readonly TfjsTensor[]): tf.Tensor1D[] {
  if (x.shape.length !== 4) throw new Error(`${runtime.backendName}: batch norm takes an [N, C, H, W] input, not [${x.shape}]`);
  return vectors.map((vector) => {
    if (vector.shape.length !== 1 || vector.shape[0] !== x.shape[1]) throw new Error(`${runtime.backendName}: batch norm statistic [${vector.shape}] does not match ${x.shape[1]} channels`);
    return runtime.plain(vector) as tf.Tensor1D;
  });
}

/** Batch normalization with given statistics, tfjs's FusedBatchNorm kernel. */
export function batchNorm2dInference(runtime: TfjsRuntime, x: TfjsTensor, mean: TfjsTensor, variance: TfjsTensor, weight: TfjsTensor, bias: TfjsTensor, epsilon: number): TfjsTensor {
  const [meanValue, varianceValue, weightValue, biasValue] = channelVectors(runtime, x, [mean, variance, weight, bias]);
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  return runtime.wrap(tf.batchNorm4d(input, meanValue, varianceValue, biasValue, weightValue, epsilon), x.shape, nhwcOrder);
}

/** Batch normalization with the batch's own statistics: tf.moments over N, H, W, then FusedBatchNorm. */
export function batchNorm2dTraining(runtime: TfjsRuntime, x: TfjsTensor, weight: TfjsTensor, bias: TfjsTensor, epsilon: number): BatchNormTrainingResult<TfjsTensor> {
  const [weightValue, biasValue] = channelVectors(runtime, x, [weight, bias]);
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const [output, mean, variance] = tf.tidy(() => {
    const moments = tf.moments(input, [0, 1, 2]);
    return [tf.batchNorm4d(input, moments.mean as tf.Tensor1D, moments.variance as tf.Tensor1D, biasValue, weightValue, epsilon), moments.mean, moments.variance];
  });
  const channels = [x.shape[1]];
  return { output: runtime.wrap(output, x.shape, nhwcOrder), mean: runtime.wrap(mean, channels), variance: runtime.wrap(variance, channels) };
}

/**
 * Gradients of training-mode batch normalization, with M = N·H·W and x̂ = (x − mean)/√(var + ε):
 * dbias = Σ dy, dweight = Σ dy·x̂, dx = weight/√(var + ε) · (dy − dbias/M − x̂·dweight/M).
 */
export function batchNorm2dBackward(runtime: TfjsRuntime, x: TfjsTensor, dy: TfjsTensor, mean: TfjsTensor, variance: TfjsTensor, weight: TfjsTensor, epsilon: number): BatchNormGradients<TfjsTensor> {
  const [meanValue, varianceValue, weightValue] = channelVectors(runtime, x, [mean, variance, weight]);
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const gradient = runtime.physical(dy, nhwcOrder);
  const count = x.shape[0] * x.shape[2] * x.shape[3];
  const [inputGradient, weightGradient, biasGradient] = tf.tidy(() => {
    const inverseDeviation = tf.rsqrt(tf.add(varianceValue, epsilon));
    const normalized = tf.mul(tf.sub(input, meanValue), inverseDeviation);
    const biasSum = tf.sum(gradient, [0, 1, 2]);
    const weightSum = tf.sum(tf.mul(gradient, normalized), [0, 1, 2]);
    const centred = tf.sub(tf.sub(gradient, tf.div(biasSum, count)), tf.mul(normalized, tf.div(weightSum, count)));
    return [tf.mul(centred, tf.mul(weightValue, inverseDeviation)), weightSum, biasSum];
  });
  const channels = [x.shape[1]];
  return { input: runtime.wrap(inputGradient, x.shape, nhwcOrder), weight: runtime.wrap(weightGradient, channels), bias: runtime.wrap(biasGradient, channels) };
}
