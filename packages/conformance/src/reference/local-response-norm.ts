import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import { referenceTensor, requireImage, requireShape, type ReferenceTensor } from "./tensor.js";

/** The channels c − ⌊(size−1)/2⌋ … c + ⌈(size−1)/2⌉ clipped to [0, C), as [first, last]. */
export function lrnWindow(channel: number, channels: number, size: number): [number, number] {
  return [Math.max(0, channel - Math.floor((size - 1) / 2)), Math.min(channels - 1, channel + Math.ceil((size - 1) / 2))];
}

/** The LRN denominator base k + α·Σ x[j]² for every element (before the power β). */
export function lrnScale(op: string, x: ReferenceTensor, options: LocalResponseNormOptions): ReferenceTensor {
  const [batch, channels, height, width] = requireImage(op, "x", x);
  requireShape(op, Number.isInteger(options.size) && options.size >= 1, `size must be a whole number ≥ 1, not ${options.size}`);
  const plane = height * width;
  const scale = referenceTensor(x.shape);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const [first, last] = lrnWindow(c, channels, options.size);
      for (let i = 0; i < plane; i++) {
        let sum = 0;
        for (let j = first; j <= last; j++) sum += x.data[(n * channels + j) * plane + i] ** 2;
        scale.data[(n * channels + c) * plane + i] = options.k + options.alpha * sum;
      }
    }
  }
  return scale;
}

/** y[c] = x[c] / (k + α·Σ x[j]²)^β, α multiplying the plain sum (the paper's convention). */
export function referenceLocalResponseNorm(x: ReferenceTensor, options: LocalResponseNormOptions): ReferenceTensor {
  const scale = lrnScale("localResponseNorm", x, options);
  const output = referenceTensor(x.shape);
  for (let index = 0; index < x.data.length; index++) output.data[index] = x.data[index] / scale.data[index] ** options.beta;
  return output;
}
