import { windowOutputSize } from "@alexnet-ts/ir/shape";
import type { Shape } from "../backend.js";
import type { AvgPool2dOptions, Conv2dOptions } from "../backend-options.js";

/** How the average-pooling defaults map the pooling onto a ones-filter conv2d. */
export interface AvgPoolGeometry {
  readonly outputHeight: number;
  readonly outputWidth: number;
  /**
   * The conv2d that sums each window: the pooling's padding, except that the end padding is
   * whatever makes the conv's output exactly Ho × Wo (ceil mode can need more than the pooling's,
   * floor mode can need less; the extra cells are zeros and the divisors ignore them).
   */
  readonly sumOptions: Conv2dOptions;
  /** [Ho × Wo] row-major: 1 / the number of cells each window divides by (0 for an empty window). */
  readonly reciprocalDivisors: Float32Array;
}

/** The output size, summing conv and divisors of an average pooling of an [N, C, H, W] input. */
export function avgPoolGeometry(inputShape: Shape, options: AvgPool2dOptions): AvgPoolGeometry {
  const [, , height, width] = inputShape;
  const [kernelHeight, kernelWidth] = options.kernel;
  const [strideHeight, strideWidth] = options.stride;
  const [padTop, padLeft, padBottom, padRight] = options.padding;
  const [dilationHeight, dilationWidth] = options.dilation;
  const [outputHeight, outputWidth] = windowOutputSize(height, width, options);
  const rowCounts = windowCellCounts(height, outputHeight, kernelHeight, strideHeight, padTop, padBottom, dilationHeight, options.countIncludePad);
  const columnCounts = windowCellCounts(width, outputWidth, kernelWidth, strideWidth, padLeft, padRight, dilationWidth, options.countIncludePad);
  const reciprocalDivisors = new Float32Array(outputHeight * outputWidth);
  for (let row = 0; row < outputHeight; row++) {
    for (let column = 0; column < outputWidth; column++) {
      const cells = rowCounts[row] * columnCounts[column];
      reciprocalDivisors[row * outputWidth + column] = cells === 0 ? 0 : 1 / cells;
    }
  }
  const endPadding = (length: number, outputLength: number, kernel: number, stride: number, padBegin: number, dilation: number) =>
    Math.max(0, (outputLength - 1) * stride + dilation * (kernel - 1) + 1 - length - padBegin);
  return {
    outputHeight,
    outputWidth,
    sumOptions: {
      stride: options.stride,
      padding: [
        padTop,
        padLeft,
        endPadding(height, outputHeight, kernelHeight, strideHeight, padTop, dilationHeight),
        endPadding(width, outputWidth, kernelWidth, strideWidth, padLeft, dilationWidth),
      ],
      dilation: options.dilation,
      groups: 1,
    },
    reciprocalDivisors,
  };
}

/**
 * Along one axis, how many cells of each window count: those inside input + padding when the
 * padding counts (so a ceil-mode window running past the end padding counts only what is inside,
 * as PyTorch and ONNX do), those inside the input otherwise.
 */
function windowCellCounts(
  length: number,
  outputLength: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  countIncludePad: boolean,
): number[] {
  const low = countIncludePad ? -padBegin : 0;
  const high = countIncludePad ? length + padEnd : length;
  const counts: number[] = [];
  for (let output = 0; output < outputLength; output++) {
    let count = 0;
    for (let tap = 0; tap < kernel; tap++) {
      const position = output * stride - padBegin + tap * dilation;
      if (position >= low && position < high) count++;
    }
    counts.push(count);
  }
  return counts;
}
