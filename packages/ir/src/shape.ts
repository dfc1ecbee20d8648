/** A tensor shape. Images are NCHW (batch, channels, height, width), the PyTorch/ONNX convention. */
export type Shape = readonly number[];

/** The only element type the IR describes: every tensor is float32. */
export type DataType = "float32";

/** Bytes per element of float32. */
export const bytesPerElement = 4;

export { elementCount, formatDimensions, formatShape } from "./shape-kit/index.js";

/** A pair of numbers for height and width, accepted as one number (square) or a pair. */
export type PairLike = number | readonly [number, number];

export function toPair(value: PairLike): [number, number] {
  return typeof value === "number" ? [value, value] : [value[0], value[1]];
}

/**
 * Padding as ONNX orders it: [top, left, bottom, right].
 * Accepted as one number (all sides), a [height, width] pair (symmetric), or all four.
 */
export type Padding4 = readonly [number, number, number, number];
export type PaddingLike = number | readonly [number, number] | Padding4;

export function toPadding(value: PaddingLike): [number, number, number, number] {
  if (typeof value === "number") return [value, value, value, value];
  if (value.length === 2) return [value[0], value[1], value[0], value[1]];
  return [value[0], value[1], value[2], value[3]];
}
