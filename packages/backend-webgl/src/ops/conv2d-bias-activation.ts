import type { Conv2dOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { conv2dFused } from "./conv2d.js";

/** Convolution, bias and activation fused into one kernel: the bias starts the sum, the ReLU clamps it. */
export function conv2dBiasActivation(device: Device, x: GpuTensor, filter: GpuTensor, bias: GpuTensor | undefined, options: Conv2dOptions, activation: "none" | "relu"): GpuTensor {
  return conv2dFused(device, x, filter, bias, options, activation);
}
