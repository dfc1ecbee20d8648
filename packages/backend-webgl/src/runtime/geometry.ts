import type { Conv2dOptions, Pool2dOptions, Shape } from "@alexnet-ts/engine";

/** A shape as "[a, b, c]", for error messages. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Throws `op: message` unless `condition` holds. */
export function requireShape(op: string, condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`${op}: ${message}`);
}

/**
 * Output length of a sliding window along one axis (PyTorch's rule: in ceil mode a last window
 * that would start in the end padding is dropped).
 */
export function slidingWindowLength(length: number, kernel: number, stride: number, padBegin: number, padEnd: number, dilation: number, ceilMode: boolean): number {
  const span = length + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;
  let output = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (output - 1) * stride >= length + padBegin) output -= 1;
  return output;
}

/** The [N, O, Ho, Wo] output of conv2d, after checking channels and groups. */
export function conv2dOutputShape(op: string, x: Shape, filter: Shape, options: Conv2dOptions): [number, number, number, number] {
  requireShape(op, x.length === 4, `input must be [N, C, H, W], but is ${formatShape(x)}`);
  requireShape(op, filter.length === 4, `filter must be [O, C / groups, kH, kW], but is ${formatShape(filter)}`);
  const [batch, channels, height, width] = x;
  const [outputChannels, groupChannels, kernelHeight, kernelWidth] = filter;
  const { stride, padding, dilation, groups } = options;
  requireShape(op, Number.isInteger(groups) && groups >= 1 && channels % groups === 0 && outputChannels % groups === 0, `channels ${channels} and ${outputChannels} must be divisible by groups ${groups}`);
  requireShape(op, groupChannels * groups === channels, `filter ${formatShape(filter)} with ${groups} group(s) does not match input ${formatShape(x)}`);
  const outputHeight = slidingWindowLength(height, kernelHeight, stride[0], padding[0], padding[2], dilation[0], false);
  const outputWidth = slidingWindowLength(width, kernelWidth, stride[1], padding[1], padding[3], dilation[1], false);
  requireShape(op, outputHeight >= 1 && outputWidth >= 1, `a ${kernelHeight}×${kernelWidth} filter does not fit a ${height}×${width} input`);
  return [batch, outputChannels, outputHeight, outputWidth];
}

/** The [N, C, Ho, Wo] output of a pooling window. */
export function poolOutputShape(op: string, x: Shape, options: Pool2dOptions): [number, number, number, number] {
  requireShape(op, x.length === 4, `input must be [N, C, H, W], but is ${formatShape(x)}`);
  const [batch, channels, height, width] = x;
  const { kernel, stride, padding, dilation, ceilMode } = options;
  const outputHeight = slidingWindowLength(height, kernel[0], stride[0], padding[0], padding[2], dilation[0], ceilMode);
  const outputWidth = slidingWindowLength(width, kernel[1], stride[1], padding[1], padding[3], dilation[1], ceilMode);
  requireShape(op, outputHeight >= 1 && outputWidth >= 1, `a ${kernel[0]}×${kernel[1]} window does not fit a ${height}×${width} input`);
  return [batch, channels, outputHeight, outputWidth];
}
