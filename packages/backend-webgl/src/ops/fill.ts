import type { Shape } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "@alexnet-ts/engine";

/** A tensor of one value, uploaded (a kernel with the value compiled in would compile once per value). */
export function fill(device: Device, shape: Shape, value: number): GpuTensor {
  if (shape.some((dimension) => !Number.isInteger(dimension) || dimension < 0)) throw new Error(`fill: ${formatShape(shape)} is not a shape`);
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  return device.upload(new Float32Array(size).fill(value), shape);
}
