import type { BackendCore, Shape, Tensor } from "../backend.js";

/**
 * A per-channel vector [C] viewed as [1, C, 1, …] with `rank` axes, so that it broadcasts
 * against an NCHW (or [N, C]) tensor. Returns a new handle.
 */
export function channelView<T extends Tensor>(backend: BackendCore<T>, vector: T, rank: number): T {
  const shape = new Array<number>(rank).fill(1);
  shape[1] = vector.shape[0];
  return backend.reshape(vector, shape);
}

/**
 * Spreads the two spatial axes of [N, C, H, W] apart by the strides: element (h, w) moves to
 * (h·strideH, w·strideW) and the cells between are zero. The result is [N, C, H·strideH, W·strideW]
 * (the trailing stride − 1 zero rows and columns are kept; callers slice or reuse them as padding).
 * Done by padding singleton axes, which every core supports. Returns a new handle.
 */
export function spreadByStride<T extends Tensor>(backend: BackendCore<T>, x: T, strideHeight: number, strideWidth: number): T {
  const [batch, channels, height, width] = x.shape;
  const expanded = backend.reshape(x, [batch, channels, height, 1, width, 1]);
  const padded = backend.pad(
    expanded,
    [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, strideHeight - 1],
      [0, 0],
      [0, strideWidth - 1],
    ],
    0,
  );
  backend.dispose(expanded);
  const spread = backend.reshape(padded, [batch, channels, height * strideHeight, width * strideWidth]);
  backend.dispose(padded);
  return spread;
}
