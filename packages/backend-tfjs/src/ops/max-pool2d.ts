import type { Pool2dOptions } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { nhwcOrder, type TfjsTensor } from "../tensor.js";
import { planPads, planPool, type PoolPlan } from "./geometry.js";

/**
 * Max pooling on NHWC. Padding and ceil mode become explicit −∞ padding followed by a "valid"
 * tfjs pooling, so padded cells never win. tfjs pools without dilation; a dilated window is the
 * maximum of its taps, each a strided slice.
 */
export function maxPool2d(runtime: TfjsRuntime, x: TfjsTensor, options: Pool2dOptions): TfjsTensor {
  const plan = planPool(runtime.backendName, x.shape, options);
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const value = tf.tidy(() => {
    const padded = padForPooling(runtime, input, plan);
    if (options.dilation[0] === 1 && options.dilation[1] === 1) {
      return tf.maxPool(padded, [options.kernel[0], options.kernel[1]], [options.stride[0], options.stride[1]], "valid");
    }
    let result: tf.Tensor4D | undefined;
    for (let row = 0; row < options.kernel[0]; row++) {
      for (let column = 0; column < options.kernel[1]; column++) {
        const tap = tf.stridedSlice(
          padded,
          [0, row * options.dilation[0], column * options.dilation[1], 0],
          [padded.shape[0], row * options.dilation[0] + (plan.outHeight - 1) * options.stride[0] + 1, column * options.dilation[1] + (plan.outWidth - 1) * options.stride[1] + 1, padded.shape[3]],
          [1, options.stride[0], options.stride[1], 1],
        ) as tf.Tensor4D;
        result = result === undefined ? tap : (tf.maximum(result, tap) as tf.Tensor4D);
      }
    }
    return result as tf.Tensor4D;
  });
  return runtime.wrap(value, [x.shape[0], x.shape[1], plan.outHeight, plan.outWidth], nhwcOrder);
}

/** The input with the plan's padding as −∞ (no copy when the plan pads nothing). Call inside tf.tidy. */
export function padForPooling(runtime: TfjsRuntime, input: tf.Tensor4D, plan: PoolPlan): tf.Tensor4D {
  if (!planPads(plan)) return input;
  return tf.pad(input, [[0, 0], plan.paddingHeight, plan.paddingWidth, [0, 0]], runtime.paddingValue(Number.NEGATIVE_INFINITY));
}
