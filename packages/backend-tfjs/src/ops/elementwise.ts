import type { Shape, SgdOptions } from "@alexnet-ts/engine";
import { dropoutMaskValues } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { TfjsTensor } from "../tensor.js";
import { alignOperands } from "./broadcast.js";

/**
 * A tensor of one value. On WebGL 1 without float read-back, values computed on the GPU come back
 * through an RGBA8 encoding that can be one ulp off; a fill made on the host stays exact.
 */
export function fill(runtime: TfjsRuntime, shape: Shape, value: number): TfjsTensor {
  const count = shape.reduce((product, size) => product * size, 1);
  const exactOnHost = runtime.engine === "webgl" && !tf.env().getBool("WEBGL_DOWNLOAD_FLOAT_ENABLED");
  const tensor = exactOnHost ? tf.tensor(new Float32Array(count).fill(value), [...shape], "float32") : tf.fill([...shape], value, "float32");
  return runtime.wrap(tensor, shape);
}

/** The dropout mask, drawn on the host by the shared generator so every backend agrees bit for bit. */
export function dropoutMask(runtime: TfjsRuntime, shape: Shape, rate: number, seed: number): TfjsTensor {
  const count = shape.reduce((product, size) => product * size, 1);
  return runtime.wrap(tf.tensor(dropoutMaskValues(count, rate, seed), [...shape], "float32"), shape);
}

/** Per-channel (NCHW) or per-feature ([N, F]) bias; in NHWC the channel is the last axis, so it broadcasts as it lies. */
export function addBias(runtime: TfjsRuntime, x: TfjsTensor, bias: TfjsTensor): TfjsTensor {
  if (x.shape.length < 2 || bias.shape.length !== 1 || bias.shape[0] !== x.shape[1]) {
    throw new Error(`${runtime.backendName}: bias [${bias.shape}] does not match the channels of [${x.shape}]`);
  }
  // The bias seen as [C, 1, …] so that NumPy broadcasting lines it up with axis 1.
  const columnShape = [bias.shape[0], ...new Array<number>(x.shape.length - 2).fill(1)];
  let order = x.order;
  let shape: number[] = [];
  const value = tf.tidy(() => {
    // A transient view (not a counted handle): tidy disposes its reshaped value.
    const column = new TfjsTensor(tf.reshape(runtime.plain(bias), columnShape), columnShape);
    const aligned = alignOperands(runtime, x, column, "addBias");
    order = aligned.order;
    shape = aligned.shape;
    return tf.add(aligned.a, aligned.b);
  });
  return runtime.wrap(value, shape, order);
}

/** An activation's derivative from its output y (exhaustive: a new activation is a compile error here). */
function derivativeFromOutput(activation: "relu" | "tanh", y: tf.Tensor): tf.Tensor {
  switch (activation) {
    case "relu":
      return tf.step(y, 0);
    case "tanh":
      return tf.sub(1, tf.square(y));
    default: {
      const unknown: never = activation;
      throw new Error(`activationBackward: no kernel for activation ${JSON.stringify(unknown)}`);
    }
  }
}

/** ReLU: dy · step(y); tanh: dy · (1 − y²). */
export function activationBackward(runtime: TfjsRuntime, activation: "relu" | "tanh", y: TfjsTensor, dy: TfjsTensor): TfjsTensor {
  let order = y.order;
  let shape: number[] = [];
  const value = tf.tidy(() => {
    const aligned = alignOperands(runtime, y, dy, "activationBackward");
    order = aligned.order;
    shape = aligned.shape;
    return tf.mul(aligned.b, derivativeFromOutput(activation, aligned.a));
  });
  return runtime.wrap(value, shape, order);
}

/**
 * SGD with momentum and weight decay (PyTorch's formulation), all in the parameter's layout:
 * g' = g + weightDecay·p; v ← momentum·v + g'; p ← p − learningRate·v.
 */
export function sgdUpdate(runtime: TfjsRuntime, parameter: TfjsTensor, gradient: TfjsTensor, velocity: TfjsTensor, options: SgdOptions): { parameter: TfjsTensor; velocity: TfjsTensor } {
  for (const other of [gradient, velocity]) {
    if (other.shape.length !== parameter.shape.length || other.shape.some((size, axis) => size !== parameter.shape[axis])) {
      throw new Error(`${runtime.backendName}: sgd update shapes differ: parameter [${parameter.shape}], got [${other.shape}]`);
    }
  }
  const order = parameter.order;
  const weights = runtime.physical(parameter, order);
  const gradientValue = runtime.physical(gradient, order);
  const velocityValue = runtime.physical(velocity, order);
  const [nextParameter, nextVelocity] = tf.tidy(() => {
    const decayed = options.weightDecay === 0 ? gradientValue : tf.add(gradientValue, tf.mul(weights, options.weightDecay));
    const moved = options.momentum === 0 ? decayed : tf.add(tf.mul(velocityValue, options.momentum), decayed);
    return [tf.sub(weights, tf.mul(moved, options.learningRate)), moved === gradientValue ? tf.clone(moved) : moved];
  });
  return { parameter: runtime.wrap(nextParameter, parameter.shape, order), velocity: runtime.wrap(nextVelocity, parameter.shape, order) };
}
