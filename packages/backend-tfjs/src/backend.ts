import { backendContractVersion, defaultOverrides, withDefaults, type Backend, type BackendImplementation } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import { adaptiveAvgPool2d, adaptiveAvgPool2dBackward, avgPool2d } from "./ops/avg-pool2d.js";
import { batchNorm2dBackward, batchNorm2dInference, batchNorm2dTraining } from "./ops/batch-norm.js";
import { binary } from "./ops/binary.js";
import { concat } from "./ops/concat.js";
import { conv2dBackwardFilter } from "./ops/conv2d-backward-filter.js";
import { conv2dBackwardInput } from "./ops/conv2d-backward-input.js";
import { convolve } from "./ops/conv2d.js";
import { crossEntropyWithLogits } from "./ops/cross-entropy.js";
import { activationBackward, addBias, dropoutMask, fill, sgdUpdate } from "./ops/elementwise.js";
import { localResponseNorm, localResponseNormBackward } from "./ops/local-response-norm.js";
import { matmul } from "./ops/matmul.js";
import { maxPool2dBackward } from "./ops/max-pool2d-backward.js";
import { maxPool2d } from "./ops/max-pool2d.js";
import { pad } from "./ops/pad.js";
import { reduce } from "./ops/reduce.js";
import { reshape } from "./ops/reshape.js";
import { slice } from "./ops/slice.js";
import { logSoftmax, logSoftmaxBackward, softmax, softmaxBackward } from "./ops/softmax.js";
import { transpose } from "./ops/transpose.js";
import { unary } from "./ops/unary.js";
import { TfjsRuntime } from "./runtime.js";
import { identityOrder, type TfjsTensor } from "./tensor.js";

/** What an engine start reports: tfjs's name for the engine and what really runs. */
export interface EngineStart {
  /** tfjs's backend name, as `tf.getBackend()` reports it. */
  readonly engine: string;
  /** For `describe()`: the engine, its version and its real settings (threads, adapter…). */
  readonly description: string;
  /** Releases what the engine holds beyond tfjs (a GL context, a GPU device). */
  readonly release?: () => void;
}

/** A tfjs backend: the contract, plus what its layout scheme has cost so far. */
export type TfjsBackend = Backend<TfjsTensor> & {
  /** Layout changes (transposes between NCHW and NHWC/HWIO) issued so far; see TfjsRuntime.relayouts. */
  layoutStatistics(): { count: number; milliseconds: number; elements: number };
};

/**
 * The contract on the running tfjs engine. `start` must already have made `engine` tfjs's active
 * backend. Every defaulted op that tfjs has a kernel for is overridden; each override sends the
 * geometries its kernel cannot take to the default.
 */
export function createTfjsBackend(backendName: string, start: EngineStart): TfjsBackend {
  const runtime = new TfjsRuntime(start.engine, backendName);
  runtime.ensureActive();
  let closed = false;
  // wasm copies what it is given into its own heap and hands out copies when read; the other
  // engines may keep the caller's array (cpu, a webgl tensor not yet on the GPU) or give out their
  // own storage (cpu), so for them upload and download copy.
  const engineCopies = start.engine === "wasm";
  const guard = (): TfjsRuntime => {
    if (closed) throw new Error(`${backendName}: the backend was closed`);
    runtime.ensureActive();
    return runtime;
  };
  const implementation = {
    name: backendName,
    contractVersion: backendContractVersion,
    describe: () => start.description,

    upload(values, shape) {
      const count = shape.reduce((product, size) => product * size, 1);
      if (values.length !== count) throw new Error(`${backendName}: ${values.length} values do not fill shape [${shape}]`);
      return guard().wrap(tf.tensor(engineCopies ? values : values.slice(), [...shape], "float32"), shape, identityOrder(shape.length));
    },
    async download(tensor) {
      if (tensor.disposed) throw new Error(`${backendName}: a tensor of shape [${tensor.shape}] was read after dispose`);
      guard();
      const plain = tensor.order.every((axis, index) => axis === index);
      const value = plain ? tensor.value : tf.transpose(tensor.value, tensor.order.map((_, index) => tensor.order.indexOf(index)));
      try {
        const data = await value.data<"float32">();
        return engineCopies ? data : new Float32Array(data);
      } finally {
        if (!plain) value.dispose();
      }
    },
    dispose(tensor) {
      if (tensor.disposed) throw new Error(`${backendName}: a tensor of shape [${tensor.shape}] was disposed twice`);
      tensor.disposed = true;
      tensor.value.dispose();
      runtime.liveHandles--;
    },
    liveTensorCount: () => runtime.liveHandles,
    async close() {
      closed = true;
      start.release?.();
    },

    unary: (op, x) => unary(guard(), op, x),
    binary: (op, a, b) => binary(guard(), op, a, b),
    reduce: (op, x, { axes, keepDimensions }) => reduce(guard(), op, x, axes, keepDimensions),
    matmul: (a, b, { transposeA, transposeB }) => matmul(guard(), a, b, transposeA, transposeB),
    conv2d: (x, filter, options) => convolve(guard(), x, filter, options),
    maxPool2d: (x, options) => maxPool2d(guard(), x, options),
    reshape: (x, shape) => reshape(guard(), x, shape),
    transpose: (x, permutation) => transpose(guard(), x, permutation),
    pad: (x, padding, value) => pad(guard(), x, padding, value),
    slice: (x, { begin, size, step }) => slice(guard(), x, begin, size, step),
    concat: (tensors, axis) => concat(guard(), tensors, axis),

    fill: (shape, value) => fill(guard(), shape, value),
    addBias: (x, bias) => addBias(guard(), x, bias),
    conv2dBiasActivation: (x, filter, bias, { activation, ...options }) => convolve(guard(), x, filter, options, bias, activation),
    conv2dBackwardInput: (dy, filter, inputShape, options) => conv2dBackwardInput(guard(), dy, filter, inputShape, options),
    conv2dBackwardFilter: (x, dy, filterShape, options) => conv2dBackwardFilter(guard(), x, dy, filterShape, options),
    maxPool2dBackward: (x, y, dy, options) => maxPool2dBackward(guard(), x, y, dy, options),
    avgPool2d: (x, options) => avgPool2d(guard(), x, options),
    adaptiveAvgPool2d: (x, outputSize) => adaptiveAvgPool2d(guard(), x, outputSize),
    adaptiveAvgPool2dBackward: (dy, inputShape) => adaptiveAvgPool2dBackward(guard(), dy, inputShape),
    localResponseNorm: (x, options) => localResponseNorm(guard(), x, options),
    localResponseNormBackward: (x, y, dy, options) => localResponseNormBackward(guard(), x, y, dy, options),
    batchNorm2dInference: (x, { mean, variance, weight, bias, epsilon }) => batchNorm2dInference(guard(), x, mean, variance, weight, bias, epsilon),
    batchNorm2dTraining: (x, { weight, bias, epsilon }) => batchNorm2dTraining(guard(), x, weight, bias, epsilon),
    batchNorm2dBackward: (x, dy, { mean, variance, weight, epsilon }) => batchNorm2dBackward(guard(), x, dy, mean, variance, weight, epsilon),
    softmax: (x) => softmax(guard(), x),
    logSoftmax: (x) => logSoftmax(guard(), x),
    softmaxBackward: (y, dy) => softmaxBackward(guard(), y, dy),
    logSoftmaxBackward: (y, dy) => logSoftmaxBackward(guard(), y, dy),
    crossEntropyWithLogits: (logits, labels) => crossEntropyWithLogits(guard(), logits, labels),
    dropoutMask: (shape, rate, seed) => dropoutMask(guard(), shape, rate, seed),
    activationBackward: (activation, y, dy) => activationBackward(guard(), activation, y, dy),
    sgdUpdate: (parameter, gradient, velocity, options) => sgdUpdate(guard(), parameter, gradient, velocity, options),
  } satisfies BackendImplementation<TfjsTensor>;
  const complete = withDefaults<TfjsTensor>(implementation);
  // The defaults as such (not the overrides), for the geometries the tfjs kernels do not take.
  runtime.fallback = defaultOverrides(complete);
  return Object.assign(complete, { layoutStatistics: () => ({ ...runtime.relayouts }) });
}
