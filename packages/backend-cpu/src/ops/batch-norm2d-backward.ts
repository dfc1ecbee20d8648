import type { BatchNormGradients, Tensor } from "@alexnet-ts/engine";
import { checkBatchNorm } from "../batch-norm-checks.js";
import { requireSameShape } from "../shapes.js";
import { batchNormBackwardInWasm } from "../batch-norm-wasm.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * Gradients of training-mode batch normalization, with x̂ = (x − mean)/√(variance + ε) and M = N·H·W:
 * dbias = Σ dy, dweight = Σ dy·x̂, dx = weight/√(variance + ε) · (dy − dbias/M − x̂·dweight/M).
 */
export function batchNorm2dBackward(
  store: TensorStore,
  x: Tensor,
  dy: Tensor,
  mean: Tensor,
  variance: Tensor,
  weight: Tensor,
  epsilon: number,
): BatchNormGradients<CpuTensor> {
  const op = "batchNorm2dBackward";
  const input = store.read(op, x, "x");
  const gradient = store.read(op, dy, "dy");
  const means = store.read(op, mean, "mean");
  const variances = store.read(op, variance, "variance");
  const weights = store.read(op, weight, "weight");
  const [batch, channels, plane] = checkBatchNorm(op, input.shape, { mean: means.shape, variance: variances.shape, weight: weights.shape }, epsilon);
  requireSameShape(op, gradient.shape, "dy", input.shape, "x");
  const count = batch * plane;
  const dx = store.createUninitialized(input.shape);
  const dWeight = store.createUninitialized([channels]);
  const dBias = store.createUninitialized([channels]);
  const source = input.values;
  const dyValues = gradient.values;
  const target = dx.values;
  // The WebAssembly kernel on every thread where the arrays live in wasm memory (the same values).
  const arrays = { x: source, dy: dyValues, dx: target, mean: means.values, variance: variances.values, weight: weights.values, dWeight: dWeight.values, dBias: dBias.values };
  if (batchNormBackwardInWasm({ images: batch, channels, positions: plane, epsilon }, arrays)) return { input: dx, weight: dWeight, bias: dBias };
  for (let channel = 0; channel < channels; channel++) {
    const channelMean = means.values[channel];
    const inverseDeviation = 1 / Math.sqrt(variances.values[channel] + epsilon);
    let sumDy = 0;
    let sumDyCentred = 0;
    for (let image = 0; image < batch; image++) {
      const start = (image * channels + channel) * plane;
      for (let index = start; index < start + plane; index++) {
        sumDy += dyValues[index];
        sumDyCentred += dyValues[index] * (source[index] - channelMean);
      }
    }
    const sumDyNormalized = sumDyCentred * inverseDeviation;
    dBias.values[channel] = sumDy;
    dWeight.values[channel] = sumDyNormalized;
    if (count === 0) continue;
    const scale = weights.values[channel] * inverseDeviation;
    const meanDy = sumDy / count;
    const meanDyNormalized = sumDyNormalized / count;
    for (let image = 0; image < batch; image++) {
      const start = (image * channels + channel) * plane;
      for (let index = start; index < start + plane; index++) {
        const normalized = (source[index] - channelMean) * inverseDeviation;
        target[index] = scale * (dyValues[index] - meanDy - normalized * meanDyNormalized);
      }
    }
  }
  return { input: dx, weight: dWeight, bias: dBias };
}
