import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";

/** The operands in their plain layout (the last axis must be the stored last axis). */
function rows(runtime: TfjsRuntime, what: string, ...tensors: TfjsTensor[]): tf.Tensor[] {
  return tensors.map((tensor) => {
    const [first] = tensors;
    if (tensor.shape.length < 1 || tensor.shape.length !== first.shape.length || tensor.shape.some((size, axis) => size !== first.shape[axis])) {
      throw new Error(`${runtime.backendName}: ${what} takes tensors of one shape with at least one axis, not [${tensor.shape}] and [${first.shape}]`);
    }
    return runtime.plain(tensor);
  });
}

/** Softmax over the last axis (tfjs's Softmax kernel), of a tensor of any rank. */
export function softmax(runtime: TfjsRuntime, x: TfjsTensor): TfjsTensor {
  const [logits] = rows(runtime, "softmax", x);
  return runtime.wrap(tf.softmax(logits), x.shape);
}

/** Log-softmax over the last axis. */
export function logSoftmax(runtime: TfjsRuntime, x: TfjsTensor): TfjsTensor {
  const [logits] = rows(runtime, "logSoftmax", x);
  return runtime.wrap(tf.logSoftmax(logits), x.shape);
}

/** y · (dy − Σ dy·y) over the last axis. */
export function softmaxBackward(runtime: TfjsRuntime, y: TfjsTensor, dy: TfjsTensor): TfjsTensor {
  const [output, gradient] = rows(runtime, "softmaxBackward", y, dy);
  return runtime.wrap(tf.tidy(() => tf.mul(output, tf.sub(gradient, tf.sum(tf.mul(gradient, output), -1, true)))), y.shape);
}

/** dy − exp(y) · Σ dy over the last axis. */
export function logSoftmaxBackward(runtime: TfjsRuntime, y: TfjsTensor, dy: TfjsTensor): TfjsTensor {
  const [output, gradient] = rows(runtime, "logSoftmaxBackward", y, dy);
  return runtime.wrap(tf.tidy(() => tf.sub(gradient, tf.mul(tf.exp(output), tf.sum(gradient, -1, true)))), y.shape);
}
