import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape, stridesOf } from "@alexnet-ts/engine";
import { flatIndex, float, splitIndex } from "../runtime/index-code.js";

/** Pads each axis with a constant; each thread reads its source cell or writes the constant. */
export function pad(device: Device, x: GpuTensor, padding: readonly (readonly [number, number])[], value: number): GpuTensor {
  if (padding.length !== x.shape.length || padding.some(([before, after]) => !(before >= 0 && after >= 0))) {
    throw new Error(`pad: padding needs one non-negative [before, after] pair per axis of ${formatShape(x.shape)}`);
  }
  const shape = x.shape.map((dimension, axis) => dimension + padding[axis][0] + padding[axis][1]);
  const strides = stridesOf(x.shape);
  const sources = x.shape.map((_, axis) => `(o${axis} - ${float(padding[axis][0])})`);
  const inside = x.shape.map((dimension, axis) => `${sources[axis]} >= 0.0 && ${sources[axis]} < ${float(dimension)}`);
  return device.run(
    `pad ${formatShape(x.shape)} ${JSON.stringify(padding)} ${value}`,
    () => `function(x) {
      ${splitIndex("this.thread.x", shape, "o")}
      if (${inside.length === 0 ? "true" : inside.join(" && ")}) {
        return x[${flatIndex(sources, strides)}];
      }
      return ${float(value)};
    }`,
    [x],
    shape,
  );
}
