import { slidingWindowLength, type Pool2dOptions, type Shape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";

/** tfjs's explicit NHWC padding from the contract's [top, left, bottom, right]. */
export function explicitPadding(padding: readonly [number, number, number, number]): [[number, number], [number, number], [number, number], [number, number]] {
  const [top, left, bottom, right] = padding;
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/**
 * tfjs kernels take either strides or dilations above 1, not both, and the gradient kernels take
 * no dilation at all: a dilated [kH, kW, I, O] filter becomes an ordinary one with zeros between
 * its taps. Call inside tf.tidy.
 */
export function dilateFilter(filter: tf.Tensor4D, dilation: readonly [number, number]): tf.Tensor4D {
  const [dilationHeight, dilationWidth] = dilation;
  if (dilationHeight === 1 && dilationWidth === 1) return filter;
  const [kernelHeight, kernelWidth, inChannels, outChannels] = filter.shape;
  const spanHeight = (kernelHeight - 1) * dilationHeight + 1;
  const spanWidth = (kernelWidth - 1) * dilationWidth + 1;
  // Rows, then columns, each by padding a unit axis to the dilation (at most 4-D: tfjs-webgl's
  // pad shader handles no more).
  const rows = tf.pad(tf.reshape(filter, [kernelHeight, 1, kernelWidth * inChannels * outChannels]), [
    [0, 0],
    [0, dilationHeight - 1],
    [0, 0],
  ]);
  const tallRows = tf.slice(tf.reshape(rows, [kernelHeight * dilationHeight, kernelWidth * inChannels * outChannels]), [0, 0], [spanHeight, kernelWidth * inChannels * outChannels]);
  const columns = tf.pad(tf.reshape(tallRows, [spanHeight, kernelWidth, 1, inChannels * outChannels]), [
    [0, 0],
    [0, 0],
    [0, dilationWidth - 1],
    [0, 0],
  ]);
  const wide = tf.reshape(columns, [spanHeight, kernelWidth * dilationWidth, inChannels, outChannels]);
  return tf.slice(wide as tf.Tensor4D, [0, 0, 0, 0], [spanHeight, spanWidth, inChannels, outChannels]);
}

/** The pooling window's output size and the extra bottom/right padding ceil mode needs. */
export interface PoolPlan {
  readonly outHeight: number;
  readonly outWidth: number;
  /** [top, bottom] and [left, right] padding that makes a "valid" tfjs pooling produce the output. */
  readonly paddingHeight: [number, number];
  readonly paddingWidth: [number, number];
}

/** PyTorch's pooling arithmetic: floor or ceil, and a last window must start inside the input or its left padding. */
export function planPool(backendName: string, input: Shape, options: Pool2dOptions): PoolPlan {
  if (input.length !== 4) throw new Error(`${backendName}: pooling takes a 4-D input, not [${input}]`);
  const axis = (length: number, index: 0 | 1): { out: number; extra: number } => {
    const kernel = options.kernel[index];
    const stride = options.stride[index];
    const dilation = options.dilation[index];
    const before = options.padding[index];
    const after = options.padding[index + 2];
    const out = slidingWindowLength({ inputLength: length, kernel, stride, padBefore: before, padAfter: after, dilation, ceilMode: options.ceilMode });
    if (out < 1) throw new Error(`${backendName}: pooling window ${options.kernel} does not fit input [${input}]`);
    const extra = Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - (length + before + after));
    return { out, extra };
  };
  const height = axis(input[2], 0);
  const width = axis(input[3], 1);
  return {
    outHeight: height.out,
    outWidth: width.out,
    paddingHeight: [options.padding[0], options.padding[2] + height.extra],
    paddingWidth: [options.padding[1], options.padding[3] + width.extra],
  };
}

/** Whether a pool plan pads at all. */
export function planPads(plan: PoolPlan): boolean {
  return plan.paddingHeight[0] + plan.paddingHeight[1] + plan.paddingWidth[0] + plan.paddingWidth[1] > 0;
}
