import type { Backend, Tensor } from "../backend.js";
import type { LocalResponseNormOptions } from "../backend-options.js";
import { channelWindowSum } from "./channel-window-sum.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { lrnDenominator } from "./local-response-norm.js";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of local response normalization. With D[c] = k + α·Σ_window(c) x², y[c] = x[c]·D[c]^−β:
 *   dx[m] = dy[m]·D[m]^−β − 2αβ·x[m]·Σ_{c : m ∈ window(c)} dy[c]·y[c] / D[c],
 * and the channels c whose window holds m form the transposed window m − ⌈(size−1)/2⌉ … m + ⌊(size−1)/2⌋.
 *
 * Shapes: x, y, dy: [N, C, H, W] → [N, C, H, W]
 */
export function localResponseNormBackward<T extends Tensor>(backend: Backend<T>, x: T, y: T, dy: T, options: LocalResponseNormOptions): T {
  if (x.shape.length !== 4 || [y, dy].some((tensor) => tensor.shape.some((dimension, axis) => dimension !== x.shape[axis]))) {
    throw new Error(
      `localResponseNormBackward: x ${formatShape(x.shape)}, y ${formatShape(y.shape)} and dy ${formatShape(dy.shape)} must be the same [N, C, H, W]`,
    );
  }
  const { alpha, beta, size } = options;
  return withTemporaries(backend, (temporary) => {
    const denominator = temporary(lrnDenominator(backend, x, options));
    const scale = temporary(backend.binary("power", denominator, temporary(backend.fill([], -beta))));
    const direct = temporary(backend.binary("multiply", dy, scale));
    const weighted = temporary(backend.binary("divide", temporary(backend.binary("multiply", dy, y)), denominator));
    const gathered = temporary(channelWindowSum(backend, weighted, Math.ceil((size - 1) / 2), Math.floor((size - 1) / 2)));
    const through = temporary(backend.binary("multiply", x, gathered));
    const scaledThrough = temporary(backend.binary("multiply", through, temporary(backend.fill([], 2 * alpha * beta))));
    return backend.binary("subtract", direct, scaledThrough);
  });
}
