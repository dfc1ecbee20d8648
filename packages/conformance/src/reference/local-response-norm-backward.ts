import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import { referenceTensor, requireSameShape, type ReferenceTensor } from "./tensor.js";
import { lrnScale, lrnWindow } from "./local-response-norm.js";

/**
 * Gradient of LRN. With s[c] = k + α·Σ_{j∈W(c)} x[j]² and y[c] = x[c]·s[c]^−β:
 * ∂y[c]/∂x[j] = [c = j]·s[c]^−β − 2αβ·x[c]·x[j]·s[c]^(−β−1) for j in W(c).
 * Recomputes s from x; `y` is not needed.
 */
export function referenceLocalResponseNormBackward(x: ReferenceTensor, dy: ReferenceTensor, options: LocalResponseNormOptions): ReferenceTensor {
  requireSameShape("localResponseNormBackward", "x and dy", x.shape, dy.shape);
  const scale = lrnScale("localResponseNormBackward", x, options);
  const [batch, channels, height, width] = x.shape;
  const plane = height * width;
  const { alpha, beta, size } = options;
  const dx = referenceTensor(x.shape);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const [first, last] = lrnWindow(c, channels, size);
      for (let i = 0; i < plane; i++) {
        const offset = (n * channels + c) * plane + i;
        const s = scale.data[offset];
        dx.data[offset] += dy.data[offset] * s ** -beta;
        const common = -2 * alpha * beta * dy.data[offset] * x.data[offset] * s ** (-beta - 1);
        for (let j = first; j <= last; j++) {
          const other = (n * channels + j) * plane + i;
          dx.data[other] += common * x.data[other];
        }
      }
    }
  }
  return dx;
}
