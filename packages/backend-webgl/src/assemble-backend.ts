import { backendContractVersion, withDefaults, type Backend, type BackendImplementation } from "@alexnet-ts/engine";
import { addBias } from "./ops/add-bias.js";
import { binary } from "./ops/binary.js";
import { concat } from "./ops/concat.js";
import { conv2dBackwardFilter } from "./ops/conv2d-backward-filter.js";
import { conv2dBackwardInput } from "./ops/conv2d-backward-input.js";
import { conv2dBiasActivation } from "./ops/conv2d-bias-activation.js";
import { conv2d } from "./ops/conv2d.js";
import { fill } from "./ops/fill.js";
import { localResponseNormBackward } from "./ops/local-response-norm-backward.js";
import { localResponseNorm } from "./ops/local-response-norm.js";
import { matmul } from "./ops/matmul.js";
import { maxPool2dBackward } from "./ops/max-pool2d-backward.js";
import { maxPool2d } from "./ops/max-pool2d.js";
import { pad } from "./ops/pad.js";
import { reduce } from "./ops/reduce.js";
import { reshape } from "./ops/reshape.js";
import { sgdUpdate } from "./ops/sgd-update.js";
import { slice } from "./ops/slice.js";
import { transpose } from "./ops/transpose.js";
import { unary } from "./ops/unary.js";
import { Device, expectedKernelClass, type GpujsMode } from "./runtime/device.js";
import { backendNames, ModeUnavailableError, type GpujsBackendOptions } from "./mode-names.js";
import type { GpuTensor } from "./runtime/gpu-tensor.js";
import { gpujsVersion } from "./runtime/gpujs.js";

/**
 * The gpu.js backend in one mode, once its environment is prepared (`engine` describes what runs
 * underneath): runs a probe kernel, and refuses to start when gpu.js would silently run another
 * engine than the one asked for. create-backend.ts (Node) and browser-providers.ts prepare the
 * environment.
 */
export async function assembleGpujsBackend(mode: GpujsMode, engine: string, options: GpujsBackendOptions = {}): Promise<Backend<GpuTensor>> {
  const device = Device.create(mode);
  const probe = device.upload(new Float32Array([1, -2, 3, -4]), [4]);
  const rectified = unary(device, "relu", probe);
  const values = await device.download(rectified);
  device.dispose(probe);
  device.dispose(rectified);
  if (values.join() !== "1,0,3,0") throw new Error(`${backendNames[mode]}: the probe kernel computed ${values.join(", ")} instead of 1, 0, 3, 0`);
  const expected = expectedKernelClass(mode);
  const ran = [...device.kernelClasses.keys()];
  if (ran.some((name) => name !== expected)) {
    await device.close();
    const reasons = [...device.kernelClasses.values()].filter((reason) => reason !== undefined).join("; ");
    throw new ModeUnavailableError(mode, `gpu.js ran ${ran.join(", ")} instead of ${expected}${reasons === "" ? "" : ` (${reasons})`}`, "see availability() of this backend");
  }
  return withDefaults(implementation(device, options.name ?? backendNames[mode], engine));
}

function implementation(device: Device, name: string, engine: string): BackendImplementation<GpuTensor> {
  const expected = expectedKernelClass(device.mode);
  return {
    name,
    contractVersion: backendContractVersion,
    describe() {
      const others = [...device.kernelClasses.entries()].filter(([kernelClass]) => kernelClass !== expected);
      const fallback = others.length === 0 ? "" : `; some kernels fell back to ${others.map(([kernelClass, reason]) => (reason === undefined ? kernelClass : `${kernelClass} (${reason})`)).join(", ")}`;
      return `gpu.js ${gpujsVersion} ${expected} on ${engine}${fallback}`;
    },
    upload: (values, shape) => device.upload(values, shape),
    download: (tensor) => device.download(tensor),
    dispose: (tensor) => device.dispose(tensor),
    liveTensorCount: () => device.liveTensorCount(),
    close: () => device.close(),
    unary: (op, x) => unary(device, op, x),
    binary: (op, a, b) => binary(device, op, a, b),
    reduce: (op, x, { axes, keepDimensions }) => reduce(device, op, x, axes, keepDimensions),
    matmul: (a, b, { transposeA, transposeB }) => matmul(device, a, b, transposeA, transposeB),
    conv2d: (x, filter, options) => conv2d(device, x, filter, options),
    maxPool2d: (x, options) => maxPool2d(device, x, options),
    reshape: (x, shape) => reshape(device, x, shape),
    transpose: (x, permutation) => transpose(device, x, permutation),
    pad: (x, padding, value) => pad(device, x, padding, value),
    slice: (x, { begin, size, step }) => slice(device, x, begin, size, step),
    concat: (tensors, axis) => concat(device, tensors, axis),
    fill: (shape, value) => fill(device, shape, value),
    addBias: (x, bias) => addBias(device, x, bias),
    conv2dBiasActivation: (x, filter, bias, { activation, ...options }) => conv2dBiasActivation(device, x, filter, bias, options, activation),
    conv2dBackwardInput: (dy, filter, inputShape, options) => conv2dBackwardInput(device, dy, filter, inputShape, options),
    conv2dBackwardFilter: (x, dy, filterShape, options) => conv2dBackwardFilter(device, x, dy, filterShape, options),
    maxPool2dBackward: (x, y, dy, options) => maxPool2dBackward(device, x, y, dy, options),
    localResponseNorm: (x, options) => localResponseNorm(device, x, options),
    localResponseNormBackward: (x, y, dy, options) => localResponseNormBackward(device, x, y, dy, options),
    sgdUpdate: (parameter, gradient, velocity, options) => sgdUpdate(device, parameter, gradient, velocity, options),
  } satisfies BackendImplementation<GpuTensor>;
}
