import type { Conv2dOptions, Shape } from "@alexnet-ts/engine";
import { convolutionOutputShape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { hwioOrder, nhwcOrder, type TfjsTensor } from "../tensor.js";
import { dilateFilter, explicitPadding } from "./geometry.js";

/**
 * Engines whose Conv2DBackpropInput kernel is slower than expressing the gradient as a forward
 * convolution: wasm's is a plain loop, while its Conv2D runs on XNNPACK (a training step of the
 * seed-keras AlexNet spent 4.6 s of 12.4 s in it at batch 2).
 */
const convolutionEngines = new Set(["wasm"]);

/**
 * Gradient of conv2d with respect to its input, per group: tfjs's Conv2DBackpropInput kernel, or
 * (see convolutionEngines) a stride-1 convolution of dy spread out by the stride and padded by the
 * dilated window, with the filter turned 180° and its channel axes swapped:
 *
 *   dxPadded[j] = Σ_k dy[(j − k·d) / s] · W[k]  =  Σ_k' dySpread[j + k'·d − (span − 1)] · W[K − 1 − k']
 *
 * then cut to the input's rows and columns (dropping the forward padding).
 */
export function conv2dBackwardInput(runtime: TfjsRuntime, dy: TfjsTensor, filter: TfjsTensor, inputShape: Shape, options: Conv2dOptions): TfjsTensor {
  const expected = convolutionOutputShape(`${runtime.backendName}: conv2d`, inputShape, filter.shape, options);
  if (dy.shape.length !== 4 || expected.some((size, axis) => size !== dy.shape[axis])) {
    throw new Error(`${runtime.backendName}: conv2d gradient [${dy.shape}] does not match the output [${expected}] of input [${inputShape}]`);
  }
  const gradient = runtime.physical(dy, nhwcOrder) as tf.Tensor4D;
  const weights = runtime.physical(filter, hwioOrder) as tf.Tensor4D;
  const [batch, channels, height, width] = inputShape;
  const groups = options.groups;
  if (convolutionEngines.has(runtime.engine)) {
    const value = tf.tidy(() => inputGradientByConvolution(gradient, weights, inputShape, options));
    return runtime.wrap(value, inputShape, nhwcOrder);
  }
  const value = tf.tidy(() => {
    // Conv2DBackpropInput has no dilation attribute: dilate the filter itself.
    const kernel = dilateFilter(weights, options.dilation);
    const gradients = groups === 1 ? [gradient] : tf.split(gradient, groups, 3);
    const kernels = groups === 1 ? [kernel] : tf.split(kernel, groups, 3);
    const parts = gradients.map((part, group) =>
      tf.engine().runKernel(
        "Conv2DBackpropInput",
        { dy: part, filter: kernels[group] },
        {
          strides: [options.stride[0], options.stride[1]],
          pad: explicitPadding(options.padding),
          dataFormat: "NHWC",
          dimRoundingMode: undefined,
          inputShape: [batch, height, width, channels / groups],
        } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor4D,
    );
    return parts.length === 1 ? parts[0] : tf.concat(parts, 3);
  });
  return runtime.wrap(value, inputShape, nhwcOrder);
}

/** The convolution form of the input gradient (see above). Call inside tf.tidy. */
function inputGradientByConvolution(gradient: tf.Tensor4D, weights: tf.Tensor4D, inputShape: Shape, options: Conv2dOptions): tf.Tensor4D {
  const [batch, channels, height, width] = inputShape;
  const [, outHeight, outWidth] = gradient.shape;
  const [kernelHeight, kernelWidth] = weights.shape;
  const [strideHeight, strideWidth] = options.stride;
  const [dilationHeight, dilationWidth] = options.dilation;
  const [top, left] = options.padding;
  const spanHeight = dilationHeight * (kernelHeight - 1) + 1;
  const spanWidth = dilationWidth * (kernelWidth - 1) + 1;
  const spread = spreadRowsAndColumns(gradient, strideHeight, strideWidth);
  const spreadHeight = (outHeight - 1) * strideHeight + 1;
  const spreadWidth = (outWidth - 1) * strideWidth + 1;
  // Enough rows after the spread dy for every row of the padded input (the forward may have
  // left the last ones unread, their gradient then being zero).
  const afterHeight = Math.max(0, top + height - spreadHeight);
  const afterWidth = Math.max(0, left + width - spreadWidth);
  const framed = tf.pad(spread, [
    [0, 0],
    [spanHeight - 1, afterHeight],
    [spanWidth - 1, afterWidth],
    [0, 0],
  ]);
  // [kH, kW, C, O] turned 180° and read as [kH, kW, O, C].
  const turned = tf.transpose(tf.reverse(weights, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  const groups = options.groups;
  const framedParts: tf.Tensor4D[] = groups === 1 ? [framed] : tf.split(framed, groups, 3);
  const turnedParts: tf.Tensor4D[] = groups === 1 ? [turned] : tf.split(turned, groups, 2);
  const parts = framedParts.map((part, group) => tf.conv2d(part, turnedParts[group], 1, "valid", "NHWC", [dilationHeight, dilationWidth]));
  const padded = parts.length === 1 ? parts[0] : tf.concat(parts, 3);
  return tf.slice(padded, [0, top, left, 0], [batch, height, width, channels]);
}

/** dy with stride − 1 zeros between its rows and between its columns: [N, (Ho−1)·s+1, (Wo−1)·s+1, O]. */
function spreadRowsAndColumns(gradient: tf.Tensor4D, strideHeight: number, strideWidth: number): tf.Tensor4D {
  const [batch, outHeight, outWidth, outChannels] = gradient.shape;
  let rows: tf.Tensor4D = gradient;
  if (strideHeight > 1) {
    const gapped = tf.pad(tf.reshape(gradient, [batch, outHeight, 1, outWidth * outChannels]), [
      [0, 0],
      [0, 0],
      [0, strideHeight - 1],
      [0, 0],
    ]);
    rows = tf.slice(tf.reshape(gapped, [batch, outHeight * strideHeight, outWidth, outChannels]) as tf.Tensor4D, [0, 0, 0, 0], [batch, (outHeight - 1) * strideHeight + 1, outWidth, outChannels]);
  }
  if (strideWidth === 1) return rows;
  const height = rows.shape[1];
  const gapped = tf.pad(tf.reshape(rows, [batch * height, outWidth, 1, outChannels]), [
    [0, 0],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(gapped, [batch, height, outWidth * strideWidth, outChannels]) as tf.Tensor4D, [0, 0, 0, 0], [batch, height, (outWidth - 1) * strideWidth + 1, outChannels]);
}
