import type { Conv2dOptions, Pool2dOptions } from "@alexnet-ts/engine";
import { formatShape, requireShape } from "./tensor.js";

/**
 * Output length of a sliding window (convolution or pooling) along one axis. In ceil mode a
 * last window that would start in the end padding is dropped, as PyTorch and ONNX do.
 */
export function slidingWindowLength(
  inputLength: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = inputLength + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;
  let length = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (length - 1) * stride >= inputLength + padBegin) length -= 1;
  return length;
}

/** [Ho, Wo] of a pooling window over an H × W input, with a clear error when it does not fit. */
export function poolOutputSize(op: string, height: number, width: number, options: Pool2dOptions): [number, number] {
  const { kernel, stride, padding, dilation, ceilMode } = options;
  requireShape(op, kernel.every((k) => k >= 1) && stride.every((s) => s >= 1) && dilation.every((d) => d >= 1), "kernel, stride and dilation must be ≥ 1");
  requireShape(op, padding.every((p) => p >= 0), "padding must be ≥ 0");
  const outputHeight = slidingWindowLength(height, kernel[0], stride[0], padding[0], padding[2], dilation[0], ceilMode);
  const outputWidth = slidingWindowLength(width, kernel[1], stride[1], padding[1], padding[3], dilation[1], ceilMode);
  requireShape(op, outputHeight >= 1 && outputWidth >= 1, `a ${kernel[0]}×${kernel[1]} window does not fit a ${height}×${width} input`);
  return [outputHeight, outputWidth];
}

/** The output shape of conv2d, validating channels and groups; errors name `op`. */
export function conv2dOutputShape(
  op: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  options: Conv2dOptions,
): [number, number, number, number] {
  requireShape(op, inputShape.length === 4, `input must be [N, C, H, W], but is ${formatShape(inputShape)}`);
  requireShape(op, filterShape.length === 4, `filter must be [O, C / groups, kH, kW], but is ${formatShape(filterShape)}`);
  const [batch, channels, height, width] = inputShape;
  const [outputChannels, groupChannels, kernelHeight, kernelWidth] = filterShape;
  const { stride, padding, dilation, groups } = options;
  requireShape(op, Number.isInteger(groups) && groups >= 1, `groups must be a whole number ≥ 1, not ${groups}`);
  requireShape(op, channels % groups === 0 && outputChannels % groups === 0, `input channels (${channels}) and output channels (${outputChannels}) must both be divisible by groups (${groups})`);
  requireShape(
    op,
    groupChannels * groups === channels,
    `channel mismatch: input ${formatShape(inputShape)} has ${channels} channels, filter ${formatShape(filterShape)} with ${groups} group(s) expects ${groupChannels * groups}`,
  );
  requireShape(op, stride.every((s) => s >= 1) && dilation.every((d) => d >= 1), "stride and dilation must be ≥ 1");
  requireShape(op, padding.every((p) => p >= 0), "padding must be ≥ 0");
  const outputHeight = slidingWindowLength(height, kernelHeight, stride[0], padding[0], padding[2], dilation[0], false);
  const outputWidth = slidingWindowLength(width, kernelWidth, stride[1], padding[1], padding[3], dilation[1], false);
  requireShape(op, outputHeight >= 1 && outputWidth >= 1, `a ${kernelHeight}×${kernelWidth} filter does not fit a ${height}×${width} input`);
  return [batch, outputChannels, outputHeight, outputWidth];
}
