import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape, stridesOf } from "@alexnet-ts/engine";
import { flatIndex, float, splitIndex } from "../runtime/index-code.js";

/** Strided slice (a negative step walks backwards); each thread gathers one element. */
export function slice(device: Device, x: GpuTensor, begin: readonly number[], size: readonly number[], step: readonly number[]): GpuTensor {
  const rank = x.shape.length;
  const valid =
    begin.length === rank &&
    size.length === rank &&
    step.length === rank &&
    x.shape.every((dimension, axis) => {
      const last = begin[axis] + (size[axis] - 1) * step[axis];
      return step[axis] !== 0 && size[axis] >= 0 && (size[axis] === 0 || (begin[axis] >= 0 && begin[axis] < dimension && last >= 0 && last < dimension));
    });
  if (!valid) throw new Error(`slice: begin [${begin.join(", ")}], size [${size.join(", ")}], step [${step.join(", ")}] do not fit ${formatShape(x.shape)}`);
  const strides = stridesOf(x.shape);
  const sources = size.map((_, axis) => `(${float(begin[axis])} + o${axis} * ${float(step[axis])})`);
  return device.run(
    `slice ${formatShape(x.shape)} ${begin.join(",")} ${size.join(",")} ${step.join(",")}`,
    () => `function(x) {
      ${splitIndex("this.thread.x", size, "o")}
      return x[${flatIndex(sources, strides)}];
    }`,
    [x],
    size,
  );
}
