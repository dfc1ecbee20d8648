import { formatShape } from "./format.js";
import { windowOutputSize, type Window2d } from "./window.js";

/** A convolution's geometry; the kernel size comes from the filter. */
export interface ConvolutionGeometry {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

function require(op: string, condition: boolean, message: string): void {
  if (!condition) throw new Error(`${op}: ${message}`);
}

function requireWindowNumbers(op: string, window: Omit<Window2d, "kernel">, kernel: readonly number[]): void {
  require(op, kernel.every((k) => k >= 1) && window.stride.every((s) => s >= 1) && window.dilation.every((d) => d >= 1), "kernel, stride and dilation must be ≥ 1");
  require(op, window.padding.every((p) => p >= 0), "padding must be ≥ 0");
}

/**
 * conv2d's output shape [N, O, Ho, Wo] for an [N, C, H, W] input and an [O, C / groups, kH, kW]
 * filter. Throws "`op`: …" when the ranks, channels, groups or window do not fit.
 */
export function convolutionOutputShape(op: string, input: readonly number[], filter: readonly number[], geometry: ConvolutionGeometry): [number, number, number, number] {
  require(op, input.length === 4, `input must be [N, C, H, W], but is ${formatShape(input)}`);
  require(op, filter.length === 4, `filter must be [O, C / groups, kH, kW], but is ${formatShape(filter)}`);
  const [batch, channels, height, width] = input;
  const [outputChannels, groupChannels, kernelHeight, kernelWidth] = filter;
  const { groups } = geometry;
  require(op, Number.isInteger(groups) && groups >= 1, `groups must be a whole number ≥ 1, not ${groups}`);
  require(op, channels % groups === 0 && outputChannels % groups === 0, `input channels (${channels}) and output channels (${outputChannels}) must both be divisible by groups (${groups})`);
  require(
    op,
    groupChannels * groups === channels,
    `channel mismatch: input ${formatShape(input)} has ${channels} channels, filter ${formatShape(filter)} with ${groups} group(s) expects ${groupChannels * groups}`,
  );
  requireWindowNumbers(op, geometry, [kernelHeight, kernelWidth]);
  const [outputHeight, outputWidth] = windowOutputSize(height, width, { ...geometry, kernel: [kernelHeight, kernelWidth], ceilMode: false });
  require(op, outputHeight >= 1 && outputWidth >= 1, `a ${kernelHeight}×${kernelWidth} filter does not fit a ${height}×${width} input`);
  return [batch, outputChannels, outputHeight, outputWidth];
}

/** A pooling window's output shape [N, C, Ho, Wo] for an [N, C, H, W] input; throws "`op`: …" when it does not fit. */
export function poolingOutputShape(op: string, input: readonly number[], window: Window2d): [number, number, number, number] {
  require(op, input.length === 4, `input must be [N, C, H, W], but is ${formatShape(input)}`);
  const [batch, channels, height, width] = input;
  requireWindowNumbers(op, window, window.kernel);
  const [outputHeight, outputWidth] = windowOutputSize(height, width, window);
  require(op, outputHeight >= 1 && outputWidth >= 1, `a ${window.kernel[0]}×${window.kernel[1]} window does not fit a ${height}×${width} input`);
  return [batch, channels, outputHeight, outputWidth];
}
