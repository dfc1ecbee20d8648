import { windowOutputSize, type Conv2dOptions, type Pool2dOptions, type Shape } from "@alexnet-ts/engine";
import { formatShape, requireRank } from "./shapes.js";

/**
 * Everything a convolution or pooling kernel needs to know about its window, resolved once per
 * call: sizes, strides, padding and dilation as plain numbers.
 */
export interface WindowGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly padBottom: number;
  readonly padRight: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly outputHeight: number;
  readonly outputWidth: number;
}

/** A convolution's geometry plus its channel split. */
export interface ConvGeometry extends WindowGeometry {
  readonly outChannels: number;
  readonly groups: number;
  /** Input channels per group. */
  readonly groupChannels: number;
  /** Output channels per group. */
  readonly groupOutChannels: number;
}

function requirePair(op: string, pair: readonly number[], name: string, minimum: number): void {
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((value) => Number.isInteger(value) && value >= minimum)) {
    throw new Error(`${op}: ${name} must be two whole numbers ≥ ${minimum} ([height, width]), got ${JSON.stringify(pair)}`);
  }
}

function requirePadding(op: string, padding: readonly number[]): void {
  if (!Array.isArray(padding) || padding.length !== 4 || !padding.every((value) => Number.isInteger(value) && value >= 0)) {
    throw new Error(`${op}: padding must be four whole numbers ≥ 0 ([top, left, bottom, right]), got ${JSON.stringify(padding)}`);
  }
}

/** Resolves and checks a pooling window over an NCHW input. */
export function poolGeometry(op: string, inputShape: Shape, options: Pool2dOptions): WindowGeometry {
  requireRank(op, inputShape, 4, "x", "[N, C, H, W]");
  requirePair(op, options.kernel, "kernel", 1);
  requirePair(op, options.stride, "stride", 1);
  requirePair(op, options.dilation, "dilation", 1);
  requirePadding(op, options.padding);
  const [batch, channels, height, width] = inputShape;
  const [kernelHeight, kernelWidth] = options.kernel;
  const [strideHeight, strideWidth] = options.stride;
  const [padTop, padLeft, padBottom, padRight] = options.padding;
  const [dilationHeight, dilationWidth] = options.dilation;
  const [outputHeight, outputWidth] = windowOutputSize(height, width, options);
  if (outputHeight < 1 || outputWidth < 1) {
    throw new Error(`${op}: x ${formatShape(inputShape)} is smaller than the ${kernelHeight}×${kernelWidth} window with its padding and dilation`);
  }
  return {
    batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth,
    padTop, padLeft, padBottom, padRight, dilationHeight, dilationWidth, outputHeight, outputWidth,
  };
}

/** Resolves and checks a convolution of an NCHW input by an [O, C / groups, kH, kW] filter. */
export function convGeometry(op: string, inputShape: Shape, filterShape: Shape, options: Conv2dOptions): ConvGeometry {
  requireRank(op, inputShape, 4, "x", "[N, C, H, W]");
  requireRank(op, filterShape, 4, "filter", "[O, C / groups, kH, kW]");
  requirePair(op, options.stride, "stride", 1);
  requirePair(op, options.dilation, "dilation", 1);
  requirePadding(op, options.padding);
  const groups = options.groups;
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${op}: groups must be a whole number ≥ 1, got ${String(groups)}`);
  const [batch, channels, height, width] = inputShape;
  const [outChannels, groupChannels, kernelHeight, kernelWidth] = filterShape;
  if (channels % groups !== 0 || outChannels % groups !== 0) {
    throw new Error(`${op}: ${groups} groups must divide both the ${channels} input channels of x ${formatShape(inputShape)} and the ${outChannels} output channels of filter ${formatShape(filterShape)}`);
  }
  if (groupChannels !== channels / groups) {
    throw new Error(`${op}: filter ${formatShape(filterShape)} must have ${channels / groups} input channels (x ${formatShape(inputShape)} has ${channels} in ${groups} groups)`);
  }
  if (kernelHeight < 1 || kernelWidth < 1) throw new Error(`${op}: filter ${formatShape(filterShape)} has an empty kernel`);
  const [strideHeight, strideWidth] = options.stride;
  const [padTop, padLeft, padBottom, padRight] = options.padding;
  const [dilationHeight, dilationWidth] = options.dilation;
  const [outputHeight, outputWidth] = windowOutputSize(height, width, { ...options, kernel: [kernelHeight, kernelWidth] });
  if (outputHeight < 1 || outputWidth < 1) {
    throw new Error(`${op}: x ${formatShape(inputShape)} is smaller than the ${kernelHeight}×${kernelWidth} filter with its padding and dilation`);
  }
  return {
    batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth,
    padTop, padLeft, padBottom, padRight, dilationHeight, dilationWidth, outputHeight, outputWidth,
    outChannels, groups, groupChannels, groupOutChannels: outChannels / groups,
  };
}
