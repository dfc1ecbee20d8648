import type { WindowGeometry } from "./geometry.js";

// Both functions walk rows (c, kh, kw) of the column matrix; within a row, output row oh reads
// input row oh·strideH − padTop + kh·dilationH, and output column ow reads input column
// ow·strideW + shift (shift = kw·dilationW − padLeft). Only the output columns [first, end)
// land inside the input; the rest read padding. Plain indexed loops throughout: rows are short
// (13 to 55 values in AlexNet), where typed-array subarray/set calls cost more than they copy.

/**
 * Unfolds `channelCount` channels of one image (starting at `inputOffset`) into a
 * [channelCount·kH·kW, Ho·Wo] matrix, row (c, kh, kw) holding what that filter tap sees at every
 * output position, so a convolution becomes one matrix multiply. Padding reads as 0. The matrix
 * starts at `columnsOffset` with rows `rowStride` apart (Ho·Wo, or more when several images
 * share one matrix side by side).
 */
export function im2col(
  geometry: WindowGeometry,
  input: Float32Array,
  inputOffset: number,
  channelCount: number,
  columns: Float32Array,
  columnsOffset: number,
  rowStride: number,
): void {
  const { height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const plane = height * width;
  let rowStart = columnsOffset;
  for (let channel = 0; channel < channelCount; channel++) {
    const channelOffset = inputOffset + channel * plane;
    for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
      for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
        let target = rowStart;
        rowStart += rowStride;
        const shift = kernelColumn * dilationWidth - padLeft;
        const first = shift >= 0 ? 0 : Math.min(outputWidth, Math.ceil(-shift / strideWidth));
        const end = Math.max(first, width - 1 - shift < 0 ? 0 : Math.min(outputWidth, Math.floor((width - 1 - shift) / strideWidth) + 1));
        for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
          const inputRow = outputRow * strideHeight - padTop + kernelRow * dilationHeight;
          if (inputRow < 0 || inputRow >= height) {
            for (let column = 0; column < outputWidth; column++) columns[target + column] = 0;
          } else {
            const source = channelOffset + inputRow * width + shift;
            for (let column = 0; column < first; column++) columns[target + column] = 0;
            if (strideWidth === 1) {
              for (let column = first; column < end; column++) columns[target + column] = input[source + column];
            } else {
              for (let column = first; column < end; column++) columns[target + column] = input[source + column * strideWidth];
            }
            for (let column = end; column < outputWidth; column++) columns[target + column] = 0;
          }
          target += outputWidth;
        }
      }
    }
  }
}

/**
 * The adjoint of `im2col`: adds each column entry back onto the input cell it was read from
 * (entries that came from padding are dropped). `input` must hold what it should accumulate onto;
 * the matrix is laid out as `im2col` writes it.
 */
export function col2im(
  geometry: WindowGeometry,
  columns: Float32Array,
  columnsOffset: number,
  rowStride: number,
  channelCount: number,
  input: Float32Array,
  inputOffset: number,
): void {
  const { height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const plane = height * width;
  let rowStart = columnsOffset;
  for (let channel = 0; channel < channelCount; channel++) {
    const channelOffset = inputOffset + channel * plane;
    for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
      for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
        let source = rowStart;
        rowStart += rowStride;
        const shift = kernelColumn * dilationWidth - padLeft;
        const first = shift >= 0 ? 0 : Math.min(outputWidth, Math.ceil(-shift / strideWidth));
        const end = Math.max(first, width - 1 - shift < 0 ? 0 : Math.min(outputWidth, Math.floor((width - 1 - shift) / strideWidth) + 1));
        for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
          const inputRow = outputRow * strideHeight - padTop + kernelRow * dilationHeight;
          if (inputRow >= 0 && inputRow < height) {
            const target = channelOffset + inputRow * width + shift;
            if (strideWidth === 1) {
              for (let column = first; column < end; column++) input[target + column] += columns[source + column];
            } else {
              for (let column = first; column < end; column++) input[target + column * strideWidth] += columns[source + column];
            }
          }
          source += outputWidth;
        }
      }
    }
  }
}

/** Whether the convolution reads its input as is (1×1 kernel, stride 1, no padding): no unfolding needed. */
export function isPointwise(geometry: WindowGeometry): boolean {
  return (
    geometry.kernelHeight === 1 && geometry.kernelWidth === 1 && geometry.strideHeight === 1 && geometry.strideWidth === 1 &&
    geometry.padTop === 0 && geometry.padLeft === 0 && geometry.padBottom === 0 && geometry.padRight === 0
  );
}
