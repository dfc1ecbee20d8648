import type { UnaryOp } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";

const functions: Record<UnaryOp, (x: tf.Tensor) => tf.Tensor> = {
  negate: tf.neg,
  abs: tf.abs,
  exp: tf.exp,
  log: tf.log,
  sqrt: tf.sqrt,
  square: tf.square,
  reciprocal: tf.reciprocal,
  relu: tf.relu,
  tanh: tf.tanh,
  // tf.step is 1 where x > 0 and alpha (0) elsewhere: ReLU's derivative as the contract defines it.
  step: (x) => tf.step(x, 0),
};

/** Elementwise function; the result keeps the input's layout. */
export function unary(runtime: TfjsRuntime, op: UnaryOp, x: TfjsTensor): TfjsTensor {
  const operation = functions[op];
  if (operation === undefined) throw new Error(`${runtime.backendName}: unknown unary op "${op}"`);
  return runtime.wrap(operation(runtime.physical(x, x.order)), x.shape, x.order);
}
