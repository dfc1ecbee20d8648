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
  const [batch, channels, height, width] = x.shape;
  const [, , outputHeight, outputWidth] = y.shape;
  if (
    x.shape.length !== 4 ||
    y.shape.length !== 4 ||
    dy.shape.length !== 4 ||
    y.shape[0] !== batch ||
    y.shape[1] !== channels ||
    dy.shape.some((dimension, axis) => dimension !== y.shape[axis])
  ) {
    throw new Error(
      `maxPool2dBackward: x ${formatShape(x.shape)}, y ${formatShape(y.shape)} and dy ${formatShape(dy.shape)} do not fit; ` +
        `expected x [N, C, H, W] and y, dy both [N, C, Ho, Wo]`,
    );
  }
  const [kernelHeight, kernelWidth] = options.kernel;
  const [strideHeight, strideWidth] = options.stride;
  const [padTop, padLeft] = options.padding;
  const [dilationHeight, dilationWidth] = options.dilation;
  // One padded frame large enough for every offset's slice and every spread contribution.
  const frameHeight = Math.max(height + padTop, outputHeight * strideHeight + (kernelHeight - 1) * dilationHeight);
  const frameWidth = Math.max(width + padLeft, outputWidth * strideWidth + (kernelWidth - 1) * dilationWidth);

  return withTemporaries(backend, (temporary) => {
    const framed = temporary(
      backend.pad(
        x,
        [
          [0, 0],
          [0, 0],
          [padTop, frameHeight - height - padTop],
          [padLeft, frameWidth - width - padLeft],
        ],
        -Infinity,
      ),
    );
    const one = temporary(backend.fill([], 1));
    // Carried from offset to offset; each iteration's own tensors are released before the next,
    // so the peak memory is a few frames whatever the kernel size.
    let unclaimed: T | undefined; // 1 where no earlier offset has taken the window's gradient
    let accumulated: T | undefined;
    try {
      const offsets = kernelHeight * kernelWidth;
      for (let offset = 0; offset < offsets; offset++) {
        const row = Math.floor(offset / kernelWidth) * dilationHeight;
        const column = (offset % kernelWidth) * dilationWidth;
        const last = offset === offsets - 1;
        const step = withTemporaries(backend, (transient) => {
          const window = transient(
            backend.slice(framed, { begin: [0, 0, row, column], size: [batch, channels, outputHeight, outputWidth], step: [1, 1, strideHeight, strideWidth] }),
          );
          const hit = transient(backend.binary("equal", window, y));
          const taken = unclaimed === undefined ? hit : transient(backend.binary("multiply", hit, unclaimed));
          const stillUnclaimed = last ? undefined : backend.binary("subtract", unclaimed ?? one, taken);
          const contribution = transient(backend.binary("multiply", taken, dy));
          const spread = transient(spreadByStride(backend, contribution, strideHeight, strideWidth));
          const placed = backend.pad(
            spread,
            [
              [0, 0],
              [0, 0],
              [row, frameHeight - row - spread.shape[2]],
              [column, frameWidth - column - spread.shape[3]],
            ],
            0,
          );
          if (accumulated === undefined) return { stillUnclaimed, sum: placed };
          return { stillUnclaimed, sum: backend.binary("add", accumulated, transient(placed)) };
        });
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
