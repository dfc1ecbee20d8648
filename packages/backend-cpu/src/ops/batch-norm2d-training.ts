import type { BatchNormTrainingResult, Tensor } from "@alexnet-ts/engine";
import { checkBatchNorm } from "../batch-norm-checks.js";
import { batchNormForwardInWasm } from "../batch-norm-wasm.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Batch normalization with the batch's own mean and biased variance (two passes, float64 sums). */
export function batchNorm2dTraining(store: TensorStore, x: Tensor, weight: Tensor, bias: Tensor, epsilon: number): BatchNormTrainingResult<CpuTensor> {
  const op = "batchNorm2dTraining";
  const input = store.read(op, x, "x");
  const weights = store.read(op, weight, "weight");
  const biases = store.read(op, bias, "bias");
  const [batch, channels, plane] = checkBatchNorm(op, input.shape, { weight: weights.shape, bias: biases.shape }, epsilon);
  const count = batch * plane;
  if (count === 0) throw new Error(`${op}: x [${input.shape.join(", ")}] has no values per channel to take statistics of`);
  const output = store.createUninitialized(input.shape);
  const mean = store.createUninitialized([channels]);
  const variance = store.createUninitialized([channels]);
  const source = input.values;
  const target = output.values;
  // The WebAssembly kernel on every thread where the arrays live in wasm memory (the same values).
  const arrays = { x: source, y: target, mean: mean.values, variance: variance.values, weight: weights.values, bias: biases.values };
  if (batchNormForwardInWasm({ images: batch, channels, positions: plane, epsilon }, arrays)) return { output, mean, variance };
  for (let channel = 0; channel < channels; channel++) {
    let sum = 0;
    for (let image = 0; image < batch; image++) {
      const start = (image * channels + channel) * plane;
      for (let index = start; index < start + plane; index++) sum += source[index];
    }
    const channelMean = sum / count;
    let squares = 0;
    for (let image = 0; image < batch; image++) {
      const start = (image * channels + channel) * plane;
      for (let index = start; index < start + plane; index++) {
        const centred = source[index] - channelMean;
        squares += centred * centred;
      }
    }
    const channelVariance = squares / count;
    mean.values[channel] = channelMean;
    variance.values[channel] = channelVariance;
    const scale = weights.values[channel] / Math.sqrt(channelVariance + epsilon);
    const shift = biases.values[channel] - channelMean * scale;
    for (let image = 0; image < batch; image++) {
      const start = (image * channels + channel) * plane;
      for (let index = start; index < start + plane; index++) target[index] = source[index] * scale + shift;
    }
  }
  return { output, mean, variance };
}
