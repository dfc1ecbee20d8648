import type { Backend, Tensor } from "../backend.js";
import type { LocalResponseNormOptions } from "../backend-options.js";
import { channelWindowSum } from "./channel-window-sum.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Local response normalization across channels, the paper's convention (α times the plain sum):
 * y[c] = x[c] · (k + α·Σ x[j]²)^−β, j from c − ⌊(size−1)/2⌋ to c + ⌈(size−1)/2⌉ within [0, C).
 *
 * Shapes: x: [N, C, H, W] → same
 */
export function localResponseNorm<T extends Tensor>(backend: Backend<T>, x: T, options: LocalResponseNormOptions): T {
  if (x.shape.length !== 4) throw new Error(`localResponseNorm: x ${formatShape(x.shape)} is not [N, C, H, W]`);
  return withTemporaries(backend, (temporary) => {
    const denominator = temporary(lrnDenominator(backend, x, options));
    const scale = temporary(backend.binary("power", denominator, temporary(backend.fill([], -options.beta))));
    return backend.binary("multiply", x, scale);
  });
}

/** k + α·Σ x[j]² over each channel's window. Returns a new handle. */
export function lrnDenominator<T extends Tensor>(backend: Backend<T>, x: T, options: LocalResponseNormOptions): T {
  return withTemporaries(backend, (temporary) => {
    const squares = temporary(backend.unary("square", x));
    const sums = temporary(channelWindowSum(backend, squares, Math.floor((options.size - 1) / 2), Math.ceil((options.size - 1) / 2)));
    const scaled = temporary(backend.binary("multiply", sums, temporary(backend.fill([], options.alpha))));
    return backend.binary("add", scaled, temporary(backend.fill([], options.k)));
  });
}
