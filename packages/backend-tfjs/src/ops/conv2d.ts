import type { Conv2dOptions } from "@alexnet-ts/engine";
import { convolutionOutputShape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { hwioOrder, nhwcOrder, type TfjsTensor } from "../tensor.js";
import { dilateFilter, explicitPadding } from "./geometry.js";

/**
 * 2-D convolution on NHWC activations and HWIO filters, optionally with tfjs's fused bias and
 * ReLU. Groups run as separate convolutions on channel slices (tfjs has no grouped conv2d).
 */
export function convolve(runtime: TfjsRuntime, x: TfjsTensor, filter: TfjsTensor, options: Conv2dOptions, bias?: TfjsTensor, activation: "none" | "relu" = "none"): TfjsTensor {
  const shape = convolutionOutputShape(`${runtime.backendName}: conv2d`, x.shape, filter.shape, options);
  if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== shape[1])) {
    throw new Error(`${runtime.backendName}: conv2d bias [${bias.shape}] does not match ${shape[1]} output channels`);
  }
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const weights = runtime.physical(filter, hwioOrder) as tf.Tensor4D;
  const biasValue = bias === undefined ? undefined : (runtime.plain(bias) as tf.Tensor1D);
  const value = tf.tidy(() => {
    const bothAboveOne = options.stride.some((stride) => stride > 1) && options.dilation.some((dilation) => dilation > 1);
    const kernel: tf.Tensor4D = bothAboveOne ? dilateFilter(weights, options.dilation) : weights;
    const dilations: [number, number] = bothAboveOne ? [1, 1] : [options.dilation[0], options.dilation[1]];
    const strides: [number, number] = [options.stride[0], options.stride[1]];
    const pad = explicitPadding(options.padding);
    const groups = options.groups;
    const inputs: tf.Tensor4D[] = groups === 1 ? [input] : tf.split(input, groups, 3);
    const kernels: tf.Tensor4D[] = groups === 1 ? [kernel] : tf.split(kernel, groups, 3);
    const biases = biasValue === undefined ? [undefined] : groups === 1 ? [biasValue] : tf.split(biasValue, groups, 0);
    const outputs = inputs.map((part, group) =>
      tf.fused.conv2d({ x: part, filter: kernels[group], strides, pad, dataFormat: "NHWC", dilations, bias: biases[group], activation: activation === "relu" ? "relu" : "linear" }),
    );
    return outputs.length === 1 ? outputs[0] : tf.concat(outputs, 3);
  });
  return runtime.wrap(value, shape, nhwcOrder);
}
