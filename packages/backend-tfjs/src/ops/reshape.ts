import type { Shape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";

/**
 * The same values with another shape. Row-major order is the semantic one, so a tensor stored in
 * another layout is re-laid out first (this is where NHWC activations become NCHW, at flatten).
 */
export function reshape(runtime: TfjsRuntime, x: TfjsTensor, shape: Shape): TfjsTensor {
  const count = shape.reduce((product, size) => product * size, 1);
  const have = x.shape.reduce((product, size) => product * size, 1);
  if (count !== have || shape.some((size) => !Number.isInteger(size) || size < 0)) {
    throw new Error(`${runtime.backendName}: cannot reshape [${x.shape}] (${have} elements) to [${shape}]`);
  }
  return runtime.wrap(tf.reshape(runtime.plain(x), [...shape]), shape);
}
