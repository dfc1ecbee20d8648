import { backendContractVersion, withDefaults, type Backend, type BackendImplementation } from "@alexnet-ts/engine";
import { activationBackward } from "./ops/activation-backward.js";
import { adaptiveAvgPool2d } from "./ops/adaptive-avg-pool2d.js";
import { adaptiveAvgPool2dBackward } from "./ops/adaptive-avg-pool2d-backward.js";
import { addBias } from "./ops/add-bias.js";
import { avgPool2d } from "./ops/avg-pool2d.js";
import { avgPool2dBackward } from "./ops/avg-pool2d-backward.js";
import { batchNorm2dBackward } from "./ops/batch-norm2d-backward.js";
import { batchNorm2dInference } from "./ops/batch-norm2d-inference.js";
import { batchNorm2dTraining } from "./ops/batch-norm2d-training.js";
import { binary } from "./ops/binary.js";
import { concat } from "./ops/concat.js";
import { conv2d } from "./ops/conv2d.js";
import { conv2dBackwardFilter } from "./ops/conv2d-backward-filter.js";
import { conv2dBackwardInput } from "./ops/conv2d-backward-input.js";
import { conv2dBiasActivation } from "./ops/conv2d-bias-activation.js";
import { crossEntropyWithLogits } from "./ops/cross-entropy-with-logits.js";
import { download } from "./ops/download.js";
import { dropoutMask } from "./ops/dropout-mask.js";
import { fill } from "./ops/fill.js";
import { localResponseNorm } from "./ops/local-response-norm.js";
import { localResponseNormBackward } from "./ops/local-response-norm-backward.js";
import { logSoftmax } from "./ops/log-softmax.js";
import { logSoftmaxBackward } from "./ops/log-softmax-backward.js";
import { matmul } from "./ops/matmul.js";
import { maxPool2d } from "./ops/max-pool2d.js";
import { maxPool2dBackward } from "./ops/max-pool2d-backward.js";
import { pad } from "./ops/pad.js";
import { reduce } from "./ops/reduce.js";
import { reshape } from "./ops/reshape.js";
import { sgdUpdate } from "./ops/sgd-update.js";
import { slice } from "./ops/slice.js";
import { softmax } from "./ops/softmax.js";
import { softmaxBackward } from "./ops/softmax-backward.js";
import { transpose } from "./ops/transpose.js";
import { unary } from "./ops/unary.js";
import { upload } from "./ops/upload.js";
import { applyEnvironment } from "./environment.js";
import { closeGemm, gemmInfo } from "./gemm/index.js";
import { storageIsShared } from "./storage.js";
import { convolutionAlgorithm } from "./winograd/algorithm.js";
import { TensorStore, type CpuTensor } from "./tensor.js";

/** What runs, for reports and benchmark rows: the matrix multiply's kernel and threads, which ops run in WebAssembly, how 3×3 convolutions run, and whether memory is shared. */
export function describeCpuBackend(): string {
  const info = gemmInfo();
  const wasmOps = info.startsWith("wasm") ? ", LRN, max pooling, im2col and the elementwise ops in wasm" : "";
  return `TypeScript kernels${wasmOps}, ${describeWinograd(info.startsWith("wasm"))}, matrix multiply on ${info}${storageIsShared() ? ", shared memory" : ""}`;
}

// When 3×3 stride-1 convolutions run by Winograd (the `auto` rule: ./winograd/algorithm.ts).
function describeWinograd(wasm: boolean): string {
  const algorithm = convolutionAlgorithm();
  if (algorithm === "gemm") return "every convolution by im2col + gemm";
  if (algorithm === "winograd") return "3×3 stride-1 convolutions by Winograd F(2×2,3×3)";
  return wasm ? "3×3 stride-1 convolutions by Winograd F(2×2,3×3) where ≥ 7 outputs wide, ≥ 128 tiles a product and ≥ 32 channels a group" : "every convolution by im2col + gemm (Winograd needs the wasm kernels)";
}

/**
 * The CPU backend's own ops: the whole required core and every defaulted op (each overridden
 * for speed). Checked with `satisfies`, so leaving out a core op is a compile error.
 */
export function createCpuImplementation(): BackendImplementation<CpuTensor> {
  const store = new TensorStore();
  const implementation = {
    name: "cpu",
    contractVersion: backendContractVersion,
    describe: describeCpuBackend,

    upload: (values, shape) => upload(store, values, shape),
    download: (tensor) => download(store, tensor),
    dispose: (tensor) => store.dispose(tensor),
    liveTensorCount: () => store.live,
    close: () => closeGemm(),

    unary: (op, x) => unary(store, op, x),
    binary: (op, a, b) => binary(store, op, a, b),
    reduce: (op, x, { axes, keepDimensions }) => reduce(store, op, x, axes, keepDimensions),
    matmul: (a, b, { transposeA, transposeB }) => matmul(store, a, b, transposeA, transposeB),
    conv2d: (x, filter, options) => conv2d(store, x, filter, options),
    maxPool2d: (x, options) => maxPool2d(store, x, options),
    reshape: (x, shape) => reshape(store, x, shape),
    transpose: (x, permutation) => transpose(store, x, permutation),
    pad: (x, padding, value) => pad(store, x, padding, value),
    slice: (x, { begin, size, step }) => slice(store, x, begin, size, step),
    concat: (tensors, axis) => concat(store, tensors, axis),

    fill: (shape, value) => fill(store, shape, value),
    addBias: (x, bias) => addBias(store, x, bias),
    conv2dBiasActivation: (x, filter, bias, { activation, ...options }) => conv2dBiasActivation(store, x, filter, bias, options, activation),
    conv2dBackwardInput: (dy, filter, inputShape, options) => conv2dBackwardInput(store, dy, filter, inputShape, options),
    conv2dBackwardFilter: (x, dy, filterShape, options) => conv2dBackwardFilter(store, x, dy, filterShape, options),
    maxPool2dBackward: (x, y, dy, options) => maxPool2dBackward(store, x, y, dy, options),
    avgPool2d: (x, options) => avgPool2d(store, x, options),
    avgPool2dBackward: (dy, inputShape, options) => avgPool2dBackward(store, dy, inputShape, options),
    adaptiveAvgPool2d: (x, outputSize) => adaptiveAvgPool2d(store, x, outputSize),
    adaptiveAvgPool2dBackward: (dy, inputShape) => adaptiveAvgPool2dBackward(store, dy, inputShape),
    localResponseNorm: (x, options) => localResponseNorm(store, x, options),
    localResponseNormBackward: (x, y, dy, options) => localResponseNormBackward(store, x, y, dy, options),
    batchNorm2dInference: (x, { mean, variance, weight, bias, epsilon }) => batchNorm2dInference(store, x, mean, variance, weight, bias, epsilon),
    batchNorm2dTraining: (x, { weight, bias, epsilon }) => batchNorm2dTraining(store, x, weight, bias, epsilon),
    batchNorm2dBackward: (x, dy, { mean, variance, weight, epsilon }) => batchNorm2dBackward(store, x, dy, mean, variance, weight, epsilon),
    softmax: (x) => softmax(store, x),
    logSoftmax: (x) => logSoftmax(store, x),
    softmaxBackward: (y, dy) => softmaxBackward(store, y, dy),
    logSoftmaxBackward: (y, dy) => logSoftmaxBackward(store, y, dy),
    crossEntropyWithLogits: (logits, labels) => crossEntropyWithLogits(store, logits, labels),
    dropoutMask: (shape, rate, seed) => dropoutMask(store, shape, rate, seed),
    activationBackward: (activation, y, dy) => activationBackward(store, activation, y, dy),
    sgdUpdate: (parameter, gradient, velocity, options) => sgdUpdate(store, parameter, gradient, velocity, options),
  } satisfies BackendImplementation<CpuTensor>;
  return implementation;
}

export { threadsVariable, kernelVariable, convolutionVariable } from "./environment.js";

/**
 * A ready CPU backend: its own ops, with the engine's defaults for anything it does not override.
 * Its matrix multiply follows `ALEXNET_CPU_THREADS` and `ALEXNET_CPU_KERNEL`, its 3×3 convolutions
 * `ALEXNET_CPU_CONVOLUTION`, where set (see environment.ts).
 */
export function createCpuBackend(): Backend {
  applyEnvironment();
  return withDefaults(createCpuImplementation());
}
