import type { Conv2dOptions, Shape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { hwioOrder, nhwcOrder, type TfjsTensor } from "../tensor.js";
import { convolutionShape, dilateFilter, explicitPadding } from "./geometry.js";

/** Gradient of conv2d with respect to its input, through tfjs's Conv2DBackpropInput kernel (per group). */
export function conv2dBackwardInput(runtime: TfjsRuntime, dy: TfjsTensor, filter: TfjsTensor, inputShape: Shape, options: Conv2dOptions): TfjsTensor {
  const expected = convolutionShape(runtime.backendName, inputShape, filter.shape, options);
  if (dy.shape.length !== 4 || expected.some((size, axis) => size !== dy.shape[axis])) {
    throw new Error(`${runtime.backendName}: conv2d gradient [${dy.shape}] does not match the output [${expected}] of input [${inputShape}]`);
  }
  const gradient = runtime.physical(dy, nhwcOrder) as tf.Tensor4D;
  const weights = runtime.physical(filter, hwioOrder) as tf.Tensor4D;
  const [batch, channels, height, width] = inputShape;
  const groups = options.groups;
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
