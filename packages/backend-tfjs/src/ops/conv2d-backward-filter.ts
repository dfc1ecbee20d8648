import type { Conv2dOptions, Shape } from "@alexnet-ts/engine";
import { convolutionOutputShape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { hwioOrder, nhwcOrder, type AxisOrder, type TfjsTensor } from "../tensor.js";
import { explicitPadding } from "./geometry.js";

/** A [C, kH, kW, O] result read as an [O, C, kH, kW] filter: physical axis i holds semantic axis order[i]. */
const channelsFirstFilterOrder: AxisOrder = [1, 2, 3, 0];

/**
 * Gradient of conv2d with respect to its filter.
 *
 * Where the engine has tfjs's Conv2DBackpropFilter kernel it is used directly. tfjs-backend-wasm
 * has none (tfjs issue #8474), so there the gradient is itself a convolution that wasm's Conv2D
 * kernel can run, with the roles of batch and channels swapped:
 *
 *   dW[kh, kw, c, o] = Σ_{n, i, j} xPadded[n, i·s + kh·d, j·s + kw·d, c] · dy[n, i, j, o]
 *
 * is a stride-d, dilation-s convolution of xPadded seen as [C, H, W, N] (C images of N channels)
 * with dy seen as a [Ho, Wo, N, O] filter; its output [C, kH', kW', O] (kH' ≥ kH when the last
 * rows were never reached) is cut to [C, kH, kW, O] and kept in that layout (no transpose).
 * For d > 1 (tfjs refuses strides and dilations both above 1) the taps are taken one dilation
 * phase apart: the d = 1 gradient over the dilated window, sampled every d-th tap.
 */
export function conv2dBackwardFilter(runtime: TfjsRuntime, x: TfjsTensor, dy: TfjsTensor, filterShape: Shape, options: Conv2dOptions): TfjsTensor {
  const expected = convolutionOutputShape(`${runtime.backendName}: conv2d`, x.shape, filterShape, options);
  if (dy.shape.length !== 4 || expected.some((size, axis) => size !== dy.shape[axis])) {
    throw new Error(`${runtime.backendName}: conv2d gradient [${dy.shape}] does not match the output [${expected}] of input [${x.shape}]`);
  }
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const gradient = runtime.physical(dy, nhwcOrder) as tf.Tensor4D;
  const [, groupChannels, kernelHeight, kernelWidth] = filterShape;
  const groups = options.groups;
  const outPerGroup = filterShape[0] / groups;
  // The gradient over the dilated window (every tap of it), sampled below at the real taps.
  const spanHeight = options.dilation[0] * (kernelHeight - 1) + 1;
  const spanWidth = options.dilation[1] * (kernelWidth - 1) + 1;
  const useKernel = runtime.hasKernel("Conv2DBackpropFilter") && runtime.engine !== "cpu";
  const value = tf.tidy(() => {
    const inputs: tf.Tensor4D[] = groups === 1 ? [input] : tf.split(input, groups, 3);
    const gradients: tf.Tensor4D[] = groups === 1 ? [gradient] : tf.split(gradient, groups, 3);
    const parts = inputs.map((part, group) => {
      const span = useKernel
        ? (tf.engine().runKernel(
            "Conv2DBackpropFilter",
            { x: part, dy: gradients[group] },
            {
              strides: [options.stride[0], options.stride[1]],
              pad: explicitPadding(options.padding),
              dataFormat: "NHWC",
              dimRoundingMode: undefined,
              filterShape: [spanHeight, spanWidth, groupChannels, outPerGroup],
            } as unknown as tf.NamedAttrMap,
          ) as tf.Tensor4D)
        : filterGradientByConvolution(part, gradients[group], options, spanHeight, spanWidth);
      return sampleTaps(span, options.dilation, useKernel ? 0 : 1);
    });
    return parts.length === 1 ? parts[0] : tf.concat(parts, 3);
  });
  return runtime.wrap(value, filterShape, useKernel ? hwioOrder : channelsFirstFilterOrder);
}

/** The swapped-roles convolution (see above): returns [C, spanH, spanW, O]. */
function filterGradientByConvolution(input: tf.Tensor4D, gradient: tf.Tensor4D, options: Conv2dOptions, spanHeight: number, spanWidth: number): tf.Tensor4D {
  const [top, left, bottom, right] = options.padding;
  const padded = top + left + bottom + right > 0 ? tf.pad(input, explicitPadding(options.padding)) : input;
  const images = tf.transpose(padded, [3, 1, 2, 0]);
  const kernel = tf.transpose(gradient, [1, 2, 0, 3]);
  const full = tf.conv2d(images, kernel, 1, "valid", "NHWC", [options.stride[0], options.stride[1]]);
  const [channels, , , outChannels] = full.shape;
  const cut = full.shape[1] === spanHeight && full.shape[2] === spanWidth ? full : tf.slice(full, [0, 0, 0, 0], [channels, spanHeight, spanWidth, outChannels]);
  return cut;
}

/** Keeps every d-th tap of a gradient taken over the dilated window (d = 1 keeps it whole). */
function sampleTaps(span: tf.Tensor4D, dilation: readonly [number, number], heightAxis: 0 | 1): tf.Tensor4D {
  if (dilation[0] === 1 && dilation[1] === 1) return span;
  const strides = [1, 1, 1, 1];
  strides[heightAxis] = dilation[0];
  strides[heightAxis + 1] = dilation[1];
  return tf.stridedSlice(span, [0, 0, 0, 0], span.shape, strides) as tf.Tensor4D;
}
