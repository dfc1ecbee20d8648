import type { Backend, Tensor } from "../backend.js";
import type { Pool2dOptions } from "../backend-options.js";
import { spreadByStride } from "./layout.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of max pooling, one window offset (i, j) at a time in row-major order: the strided
 * slice of the −∞-padded input at that offset is compared with y, offsets already credited are
 * masked out (so the first maximum of each window wins, as PyTorch does), the masked dy is spread
 * back to the input positions of that offset and accumulated.
 *
 * The input is padded with −∞ (not a finite stand-in), so a padded cell can only match y when the
 * whole window is −∞; its gradient then lands in the padding, which is cropped away. NaN inputs
 * match nothing and receive no gradient.
 *
 * Shapes: x: [N, C, H, W], y: [N, C, Ho, Wo], dy: [N, C, Ho, Wo] → [N, C, H, W]
 */
export function maxPool2dBackward<T extends Tensor>(backend: Backend<T>, x: T, y: T, dy: T, options: Pool2dOptions): T {
  requireFittingShapes(x, y, dy);
  const [batch, channels, height, width] = x.shape;
  const [kernelHeight, kernelWidth] = options.kernel;
  const [padTop, padLeft] = options.padding;
  const frame = frameOf(x.shape, y.shape, options);

  return withTemporaries(backend, (temporary) => {
    const framed = temporary(
      backend.pad(x, [[0, 0], [0, 0], [padTop, frame.height - height - padTop], [padLeft, frame.width - width - padLeft]], -Infinity),
    );
    const one = temporary(backend.fill([], 1));
    // Carried from offset to offset; each iteration's own tensors are released before the next,
    // so the peak memory is a few frames whatever the kernel size.
    let unclaimed: T | undefined; // 1 where no earlier offset has taken the window's gradient
    let accumulated: T | undefined;
    try {
      const offsets = kernelHeight * kernelWidth;
      for (let offset = 0; offset < offsets; offset++) {
        const at = { row: Math.floor(offset / kernelWidth) * options.dilation[0], column: (offset % kernelWidth) * options.dilation[1] };
        const step = creditOffset(backend, { framed, y, dy, one, unclaimed, accumulated, frame, stride: options.stride, last: offset === offsets - 1 }, at);
        if (unclaimed !== undefined) backend.dispose(unclaimed);
        if (accumulated !== undefined) backend.dispose(accumulated);
        unclaimed = step.stillUnclaimed;
        accumulated = step.sum;
      }
      return backend.slice(accumulated!, { begin: [0, 0, padTop, padLeft], size: [batch, channels, height, width], step: [1, 1, 1, 1] });
    } finally {
      if (unclaimed !== undefined) backend.dispose(unclaimed);
      if (accumulated !== undefined) backend.dispose(accumulated);
    }
  });
}

/** Throws naming the op unless x is [N, C, H, W] and y, dy are both [N, C, Ho, Wo]. */
function requireFittingShapes(x: Tensor, y: Tensor, dy: Tensor): void {
  const [batch, channels] = x.shape;
  const fits = x.shape.length === 4 && y.shape.length === 4 && dy.shape.length === 4 && y.shape[0] === batch && y.shape[1] === channels && dy.shape.every((dimension, axis) => dimension === y.shape[axis]);
  if (!fits) {
    throw new Error(
      `maxPool2dBackward: x ${formatShape(x.shape)}, y ${formatShape(y.shape)} and dy ${formatShape(dy.shape)} do not fit; ` +
        `expected x [N, C, H, W] and y, dy both [N, C, Ho, Wo]`,
    );
  }
}

/** One padded frame large enough for every offset's slice and every spread contribution. */
function frameOf(inputShape: readonly number[], outputShape: readonly number[], options: Pool2dOptions): { height: number; width: number } {
  const [, , height, width] = inputShape;
  const [, , outputHeight, outputWidth] = outputShape;
  const { kernel, stride, padding, dilation } = options;
  return {
    height: Math.max(height + padding[0], outputHeight * stride[0] + (kernel[0] - 1) * dilation[0]),
    width: Math.max(width + padding[1], outputWidth * stride[1] + (kernel[1] - 1) * dilation[1]),
  };
}

/** What one window offset's step reads: the framed input, y, dy and what earlier offsets left. */
interface OffsetStep<T extends Tensor> {
  readonly framed: T;
  readonly y: T;
  readonly dy: T;
  /** The scalar 1. */
  readonly one: T;
  readonly unclaimed: T | undefined;
  readonly accumulated: T | undefined;
  readonly frame: { readonly height: number; readonly width: number };
  readonly stride: readonly [number, number];
  /** The last offset needs no mask for later ones. */
  readonly last: boolean;
}

/**
 * Credits dy to the input cells at one window offset (row, column) that hold their window's
 * maximum and that no earlier offset has claimed. Returns the new claim mask and running sum;
 * the caller disposes the previous ones.
 */
function creditOffset<T extends Tensor>(backend: Backend<T>, step: OffsetStep<T>, at: { row: number; column: number }): { stillUnclaimed: T | undefined; sum: T } {
  const { framed, y, dy, one, unclaimed, accumulated, frame, stride, last } = step;
  const [batch, channels, outputHeight, outputWidth] = y.shape;
  return withTemporaries(backend, (transient) => {
    const window = transient(backend.slice(framed, { begin: [0, 0, at.row, at.column], size: [batch, channels, outputHeight, outputWidth], step: [1, 1, stride[0], stride[1]] }));
    const hit = transient(backend.binary("equal", window, y));
    const taken = unclaimed === undefined ? hit : transient(backend.binary("multiply", hit, unclaimed));
    const stillUnclaimed = last ? undefined : backend.binary("subtract", unclaimed ?? one, taken);
    const contribution = transient(backend.binary("multiply", taken, dy));
    const spread = transient(spreadByStride(backend, contribution, stride[0], stride[1]));
    const placed = backend.pad(
      spread,
      [[0, 0], [0, 0], [at.row, frame.height - at.row - spread.shape[2]], [at.column, frame.width - at.column - spread.shape[3]]],
      0,
    );
    if (accumulated === undefined) return { stillUnclaimed, sum: placed };
    return { stillUnclaimed, sum: backend.binary("add", accumulated, transient(placed)) };
  });
}
