import type { WindowGeometry } from "./geometry.js";

/**
 * The divisor of each average-pooling output along one axis: with `countIncludePad` the taps
 * inside the padded input (PyTorch's rule: a ceil-mode window's part beyond the padding never
 * counts), otherwise the taps on real cells only.
 */
export function windowTapCounts(
  outputLength: number,
  inputLength: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  countIncludePad: boolean,
): Int32Array {
  const counts = new Int32Array(outputLength);
  const low = countIncludePad ? -padBegin : 0;
  const high = countIncludePad ? inputLength + padEnd : inputLength;
  for (let output = 0; output < outputLength; output++) {
    const start = output * stride - padBegin;
    let count = 0;
    for (let tap = 0; tap < kernel; tap++) {
      const position = start + tap * dilation;
      if (position >= low && position < high) count += 1;
    }
    counts[output] = count;
  }
  return counts;
}

/** Per-output row and column divisors of an average pooling; their products divide each window's sum. */
export function averageDivisors(geometry: WindowGeometry, countIncludePad: boolean): { rows: Int32Array; columns: Int32Array } {
  const { height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, padBottom, padRight, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  return {
    rows: windowTapCounts(outputHeight, height, kernelHeight, strideHeight, padTop, padBottom, dilationHeight, countIncludePad),
    columns: windowTapCounts(outputWidth, width, kernelWidth, strideWidth, padLeft, padRight, dilationWidth, countIncludePad),
  };
}

/** Rows (or columns) of adaptive pooling's window i: floor(i·L/Lo) to ceil((i+1)·L/Lo), end excluded. */
export function adaptiveBounds(inputLength: number, outputLength: number): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(outputLength);
  const ends = new Int32Array(outputLength);
  for (let index = 0; index < outputLength; index++) {
    starts[index] = Math.floor((index * inputLength) / outputLength);
    ends[index] = Math.ceil(((index + 1) * inputLength) / outputLength);
  }
  return { starts, ends };
}
