import type { Pool2dOptions } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { nhwcOrder, type TfjsTensor } from "../tensor.js";
import { planPads, planPool } from "./geometry.js";
import { padForPooling } from "./max-pool2d.js";

/**
 * Engines whose MaxPoolGrad sends a tied window's gradient to its first maximum, as the contract
 * says. The op checks found that wasm, webgl and webgpu break ties otherwise (wasm also mishandles
 * −∞ padding), and tfjs-node cannot be checked here, so all but cpu take the default composed
 * from the core (the same first-maximum rule, a slice per window offset).
 */
const firstMaximumEngines = new Set(["cpu"]);

/**
 * Gradient of max pooling through tfjs's MaxPoolGrad kernel, which recomputes each window's
 * first maximum from the (−∞-padded) input; the padding's gradient is cut off afterwards.
 * Dilated windows use the default composed from the core.
 */
export function maxPool2dBackward(runtime: TfjsRuntime, x: TfjsTensor, y: TfjsTensor, dy: TfjsTensor, options: Pool2dOptions): TfjsTensor {
  if (options.dilation[0] !== 1 || options.dilation[1] !== 1 || !firstMaximumEngines.has(runtime.engine)) return runtime.defaults().maxPool2dBackward(x, y, dy, options);
  const plan = planPool(runtime.backendName, x.shape, options);
  if (dy.shape.length !== 4 || dy.shape[2] !== plan.outHeight || dy.shape[3] !== plan.outWidth || dy.shape[1] !== x.shape[1] || dy.shape[0] !== x.shape[0]) {
    throw new Error(`${runtime.backendName}: max pooling gradient [${dy.shape}] does not match the output of input [${x.shape}]`);
  }
  const input = runtime.physical(x, nhwcOrder) as tf.Tensor4D;
  const output = runtime.physical(y, nhwcOrder) as tf.Tensor4D;
  const gradient = runtime.physical(dy, nhwcOrder) as tf.Tensor4D;
  const value = tf.tidy(() => {
    const padded = padForPooling(runtime, input, plan);
    const spread = tf.engine().runKernel(
      "MaxPoolGrad",
      { dy: gradient, input: padded, output },
      { filterSize: [options.kernel[0], options.kernel[1]], strides: [options.stride[0], options.stride[1]], pad: "valid", dimRoundingMode: undefined } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor4D;
    if (!planPads(plan)) return spread;
    return tf.slice(spread, [0, plan.paddingHeight[0], plan.paddingWidth[0], 0], [input.shape[0], input.shape[1], input.shape[2], input.shape[3]]);
  });
  return runtime.wrap(value, x.shape, nhwcOrder);
}
