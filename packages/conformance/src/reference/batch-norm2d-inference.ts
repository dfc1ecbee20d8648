import { elementCount, formatShape, referenceTensor, requireShape, requireVector, type ReferenceTensor } from "./tensor.js";

/** (x − mean) / √(variance + ε) · weight + bias, per channel (axis 1). */
export function referenceBatchNorm2dInference(
  x: ReferenceTensor,
  mean: ReferenceTensor,
  variance: ReferenceTensor,
  weight: ReferenceTensor,
  bias: ReferenceTensor,
  epsilon: number,
): ReferenceTensor {
  const op = "batchNorm2dInference";
  requireShape(op, x.shape.length >= 2, `x must be [N, C, …], but is ${formatShape(x.shape)}`);
  const [batch, channels] = x.shape;
  for (const [name, tensor] of Object.entries({ mean, variance, weight, bias })) requireVector(op, name, tensor, channels);
  const inner = elementCount(x.shape.slice(2));
  const output = referenceTensor(x.shape);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const deviation = Math.sqrt(variance.data[c] + epsilon);
      for (let i = 0; i < inner; i++) {
        const offset = (n * channels + c) * inner + i;
        output.data[offset] = ((x.data[offset] - mean.data[c]) / deviation) * weight.data[c] + bias.data[c];
      }
    }
  }
  return output;
}
