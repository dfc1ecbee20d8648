import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape, stridesOf } from "@alexnet-ts/engine";
import { flatIndex, splitIndex } from "../runtime/index-code.js";

/** Permutes axes: output axis i is input axis permutation[i]. Each thread gathers one element. */
export function transpose(device: Device, x: GpuTensor, permutation: readonly number[]): GpuTensor {
  const rank = x.shape.length;
  if (permutation.length !== rank || [...permutation].sort((a, b) => a - b).some((axis, index) => axis !== index)) {
    throw new Error(`transpose: [${permutation.join(", ")}] is not a permutation of the axes of ${formatShape(x.shape)}`);
  }
  const shape = permutation.map((axis) => x.shape[axis]);
  const strides = stridesOf(x.shape);
  return device.run(
    `transpose ${formatShape(x.shape)} ${permutation.join(",")}`,
    () => `function(x) {
      ${splitIndex("this.thread.x", shape, "o")}
      return x[${flatIndex(shape.map((_, axis) => `o${axis}`), permutation.map((axis) => strides[axis]))}];
    }`,
    [x],
    shape,
  );
}
