import type { AvgPool2dOptions, Shape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { nhwcOrder, type TfjsTensor } from "../tensor.js";
import { planPads, planPool } from "./geometry.js";

/**
 * Average pooling through tfjs's AvgPool when the window covers only real cells (no padding, no
 * ceil-mode overhang, no dilation), where every divisor rule agrees; otherwise the default.
 */
export function avgPool2d(runtime: TfjsRuntime, x: TfjsTensor, options: AvgPool2dOptions): TfjsTensor {
  const plan = planPool(runtime.backendName, x.shape, options);
  if (planPads(plan) || options.dilation[0] !== 1 || options.dilation[1] !== 1) return runtime.defaults().avgPool2d(x, options);
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const value = tf.avgPool(input, [options.kernel[0], options.kernel[1]], [options.stride[0], options.stride[1]], "valid");
  return runtime.wrap(value, [x.shape[0], x.shape[1], plan.outHeight, plan.outWidth], nhwcOrder);
}

/**
 * Adaptive average pooling: the identity when the size already matches (torchvision's AlexNet at
 * 224×224), tfjs's AvgPool when the size divides evenly (equal windows), otherwise the default.
 */
export function adaptiveAvgPool2d(runtime: TfjsRuntime, x: TfjsTensor, outputSize: readonly [number, number]): TfjsTensor {
  if (x.shape.length !== 4) throw new Error(`${runtime.backendName}: adaptive pooling takes an [N, C, H, W] input, not [${x.shape}]`);
  const [, , height, width] = x.shape;
  const [outHeight, outWidth] = outputSize;
  if (height % outHeight !== 0 || width % outWidth !== 0) return runtime.defaults().adaptiveAvgPool2d(x, outputSize);
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const window: [number, number] = [height / outHeight, width / outWidth];
  const value = window[0] === 1 && window[1] === 1 ? tf.clone(input) : tf.avgPool(input, window, window, "valid");
  return runtime.wrap(value, [x.shape[0], x.shape[1], outHeight, outWidth], nhwcOrder);
}

/** Gradient of adaptive average pooling: the identity when sizes match, else the default. */
export function adaptiveAvgPool2dBackward(runtime: TfjsRuntime, dy: TfjsTensor, inputShape: Shape): TfjsTensor {
  if (dy.shape.length === 4 && inputShape.length === 4 && dy.shape.every((size, axis) => size === inputShape[axis])) {
    return runtime.wrap(tf.clone(runtime.physical(dy, dy.order)), inputShape, dy.order);
  }
  return runtime.defaults().adaptiveAvgPool2dBackward(dy, inputShape);
}
