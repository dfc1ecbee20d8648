import { elementCount, formatShape, referenceTensor, requireSameShape, requireShape, requireVector, type ReferenceTensor } from "./tensor.js";

/**
 * Gradients of training-mode batch normalization, given the batch statistics it used.
 * With x̂ = (x − μ)/σ, σ = √(var + ε), m = N·H·W:
 * dbias = Σ dy, dweight = Σ dy·x̂, dx = weight/σ · (dy − Σdy/m − x̂·Σ(dy·x̂)/m).
 */
export function referenceBatchNorm2dBackward(
  x: ReferenceTensor,
  dy: ReferenceTensor,
  mean: ReferenceTensor,
  variance: ReferenceTensor,
  weight: ReferenceTensor,
  epsilon: number,
): { input: ReferenceTensor; weight: ReferenceTensor; bias: ReferenceTensor } {
  const op = "batchNorm2dBackward";
  requireShape(op, x.shape.length >= 2, `x must be [N, C, …], but is ${formatShape(x.shape)}`);
  requireSameShape(op, "x and dy", x.shape, dy.shape);
  const [batch, channels] = x.shape;
  for (const [name, tensor] of Object.entries({ mean, variance, weight })) requireVector(op, name, tensor, channels);
  const inner = elementCount(x.shape.slice(2));
  const count = batch * inner;
  const dx = referenceTensor(x.shape);
  const dWeight = referenceTensor([channels]);
  const dBias = referenceTensor([channels]);
  for (let c = 0; c < channels; c++) {
    const deviation = Math.sqrt(variance.data[c] + epsilon);
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0; n < batch; n++) {
      for (let i = 0; i < inner; i++) {
        const offset = (n * channels + c) * inner + i;
        sumDy += dy.data[offset];
        sumDyXhat += (dy.data[offset] * (x.data[offset] - mean.data[c])) / deviation;
      }
    }
    dBias.data[c] = sumDy;
    dWeight.data[c] = sumDyXhat;
    for (let n = 0; n < batch; n++) {
      for (let i = 0; i < inner; i++) {
        const offset = (n * channels + c) * inner + i;
        const normalized = (x.data[offset] - mean.data[c]) / deviation;
        dx.data[offset] = (weight.data[c] / deviation) * (dy.data[offset] - sumDy / count - (normalized * sumDyXhat) / count);
      }
    }
  }
  return { input: dx, weight: dWeight, bias: dBias };
}
