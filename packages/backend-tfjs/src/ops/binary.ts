import type { BinaryOp } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";
import { alignOperands } from "./broadcast.js";

const functions: Record<BinaryOp, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
  add: tf.add,
  subtract: tf.sub,
  multiply: tf.mul,
  divide: tf.div,
  maximum: tf.maximum,
  minimum: tf.minimum,
  power: tf.pow,
  // Comparisons give booleans in tfjs; the contract wants float 1 / 0.
  equal: (a, b) => tf.cast(tf.equal(a, b), "float32"),
  greater: (a, b) => tf.cast(tf.greater(a, b), "float32"),
};

/** Elementwise function of two tensors with NumPy broadcasting, in the layout of the larger operand. */
export function binary(runtime: TfjsRuntime, op: BinaryOp, first: TfjsTensor, second: TfjsTensor): TfjsTensor {
  const operation = functions[op];
  if (operation === undefined) throw new Error(`${runtime.backendName}: unknown binary op "${op}"`);
  let order = first.order;
  let shape: number[] = [];
  const value = tf.tidy(() => {
    const aligned = alignOperands(runtime, first, second, op);
    order = aligned.order;
    shape = aligned.shape;
    return operation(aligned.a, aligned.b);
  });
  return runtime.wrap(value, shape, order);
}
