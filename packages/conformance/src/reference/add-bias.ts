import { elementCount, formatShape, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";

/** Adds bias[c] to every element of channel c of an [N, C, …] tensor. */
export function referenceAddBias(x: ReferenceTensor, bias: ReferenceTensor): ReferenceTensor {
  requireShape("addBias", x.shape.length >= 2, `x must be [N, C, …], but is ${formatShape(x.shape)}`);
  const [batch, channels] = x.shape;
  requireShape("addBias", bias.shape.length === 1 && bias.shape[0] === channels, `bias must be [${channels}] for x ${formatShape(x.shape)}, but is ${formatShape(bias.shape)}`);
  const inner = elementCount(x.shape.slice(2));
  const output = referenceTensor(x.shape);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < inner; i++) {
        const offset = (n * channels + c) * inner + i;
        output.data[offset] = x.data[offset] + bias.data[c];
      }
    }
  }
  return output;
}
