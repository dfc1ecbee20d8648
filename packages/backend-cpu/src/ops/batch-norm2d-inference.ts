import type { Tensor } from "@alexnet-ts/engine";
import { checkBatchNorm } from "../batch-norm-checks.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Batch normalization with given statistics, folded per channel into y = x·scale + shift. */
export function batchNorm2dInference(store: TensorStore, x: Tensor, mean: Tensor, variance: Tensor, weight: Tensor, bias: Tensor, epsilon: number): CpuTensor {
  const op = "batchNorm2dInference";
  const input = store.read(op, x, "x");
  const means = store.read(op, mean, "mean");
  const variances = store.read(op, variance, "variance");
  const weights = store.read(op, weight, "weight");
  const biases = store.read(op, bias, "bias");
  const [batch, channels, plane] = checkBatchNorm(op, input.shape, { mean: means.shape, variance: variances.shape, weight: weights.shape, bias: biases.shape }, epsilon);
  const output = store.createUninitialized(input.shape);
  const source = input.values;
  const target = output.values;
  for (let channel = 0; channel < channels; channel++) {
    const scale = weights.values[channel] / Math.sqrt(variances.values[channel] + epsilon);
    const shift = biases.values[channel] - means.values[channel] * scale;
    for (let image = 0; image < batch; image++) {
      const start = (image * channels + channel) * plane;
      for (let index = start; index < start + plane; index++) target[index] = source[index] * scale + shift;
    }
  }
  return output;
}
