import type { WindowGeometry } from "./geometry.js";

/**
 * The output columns [first, end) whose input column ow·stride + shift lies inside [0, width):
 * outside it a window reads padding.
 */
function validColumns(shift: number, stride: number, width: number, outputWidth: number): [number, number] {
  const first = shift >= 0 ? 0 : Math.min(outputWidth, Math.ceil(-shift / stride));
  const end = width - 1 - shift < 0 ? 0 : Math.min(outputWidth, Math.floor((width - 1 - shift) / stride) + 1);
  return [first, Math.max(first, end)];
}

/**
 * Unfolds `channelCount` channels of one image (starting at `inputOffset`) into a
 * [channelCount·kH·kW, Ho·Wo] matrix, row (c, kh, kw) holding what that filter tap sees at every
 * output position, so a convolution becomes one matrix multiply. Padding reads as 0.
 */
export function im2col(geometry: WindowGeometry, input: Float32Array, inputOffset: number, channelCount: number, columns: Float32Array): void {
  const { height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const plane = height * width;
  const outputPlane = outputHeight * outputWidth;
  let row = 0;
  for (let channel = 0; channel < channelCount; channel++) {
    const channelOffset = inputOffset + channel * plane;
    for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
      for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
        const shift = kernelColumn * dilationWidth - padLeft;
        const [first, end] = validColumns(shift, strideWidth, width, outputWidth);
        let target = row * outputPlane;
        for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
          const inputRow = outputRow * strideHeight - padTop + kernelRow * dilationHeight;
          if (inputRow < 0 || inputRow >= height) {
            columns.fill(0, target, target + outputWidth);
          } else {
            const source = channelOffset + inputRow * width + shift;
            if (first > 0) columns.fill(0, target, target + first);
            if (strideWidth === 1) {
              columns.set(input.subarray(source + first, source + end), target + first);
            } else {
              for (let column = first; column < end; column++) columns[target + column] = input[source + column * strideWidth];
            }
            if (end < outputWidth) columns.fill(0, target + end, target + outputWidth);
          }
          target += outputWidth;
        }
        row += 1;
      }
    }
  }
}

/**
 * The adjoint of `im2col`: adds each column entry back onto the input cell it was read from
 * (entries that came from padding are dropped). `input` must hold what it should accumulate onto.
 */
export function col2im(geometry: WindowGeometry, columns: Float32Array, channelCount: number, input: Float32Array, inputOffset: number): void {
  const { height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const plane = height * width;
  const outputPlane = outputHeight * outputWidth;
  let row = 0;
  for (let channel = 0; channel < channelCount; channel++) {
    const channelOffset = inputOffset + channel * plane;
    for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
      for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
        const shift = kernelColumn * dilationWidth - padLeft;
        const [first, end] = validColumns(shift, strideWidth, width, outputWidth);
        let source = row * outputPlane;
        for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
          const inputRow = outputRow * strideHeight - padTop + kernelRow * dilationHeight;
          if (inputRow >= 0 && inputRow < height) {
            const target = channelOffset + inputRow * width + shift;
            for (let column = first; column < end; column++) input[target + column * strideWidth] += columns[source + column];
          }
          source += outputWidth;
        }
        row += 1;
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
