import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { nhwcOrder, type TfjsTensor } from "../tensor.js";

/**
 * tfjs's LRN is TensorFlow's: y = x / (bias + alpha · Σ x²)^beta over channels d − r … d + r on
 * NHWC's last axis, with alpha multiplying the plain sum as in the contract. An odd size is the
 * window of radius (size − 1) / 2; an even size is lopsided (⌊(size−1)/2⌋ below, ⌈(size−1)/2⌉
 * above), which tfjs cannot express, so it goes to the default.
 */
export function localResponseNorm(runtime: TfjsRuntime, x: TfjsTensor, options: LocalResponseNormOptions): TfjsTensor {
  if (options.size % 2 === 0 || x.shape.length !== 4) return runtime.defaults().localResponseNorm(x, options);
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const value = tf.localResponseNormalization(input, (options.size - 1) / 2, options.k, options.alpha, options.beta);
  return runtime.wrap(value, x.shape, nhwcOrder);
}

/** Gradient of LRN through tfjs's LRNGrad kernel (same window rule as the forward). */
export function localResponseNormBackward(runtime: TfjsRuntime, x: TfjsTensor, y: TfjsTensor, dy: TfjsTensor, options: LocalResponseNormOptions): TfjsTensor {
  if (options.size % 2 === 0 || x.shape.length !== 4) return runtime.defaults().localResponseNormBackward(x, y, dy, options);
  const input = runtime.physical(x, nhwcOrder);
  const output = runtime.physical(y, nhwcOrder);
  const gradient = runtime.physical(dy, nhwcOrder);
  const value = tf.engine().runKernel(
    "LRNGrad",
    { x: input, y: output, dy: gradient },
    { depthRadius: (options.size - 1) / 2, bias: options.k, alpha: options.alpha, beta: options.beta } as unknown as tf.NamedAttrMap,
  ) as tf.Tensor;
  return runtime.wrap(value, x.shape, nhwcOrder);
}
