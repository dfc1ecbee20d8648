import type { Shape } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import { type GpuTensor } from "../runtime/gpu-tensor.js";
import { elementCount, formatShape } from "@alexnet-ts/engine";

/** The same values with another shape: a second handle on the same storage, no kernel. */
export function reshape(device: Device, x: GpuTensor, shape: Shape): GpuTensor {
  if (shape.some((dimension) => !Number.isInteger(dimension) || dimension < 0) || elementCount(shape) !== x.size) {
    throw new Error(`reshape: ${formatShape(x.shape)} (${x.size} elements) cannot become ${formatShape(shape)}`);
  }
  return device.view(x, shape);
}
