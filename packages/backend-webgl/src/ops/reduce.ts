import type { ReduceOp } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape, stridesOf } from "@alexnet-ts/engine";
import { flatIndex, float, splitIndex } from "../runtime/index-code.js";

/**
 * Reduction over `axes`. Each output element loops over the reduced cells, whose coordinates are
 * split from one loop counter, so any set of axes is one kernel.
 */
export function reduce(device: Device, op: ReduceOp, x: GpuTensor, axes: readonly number[], keepDimensions: boolean): GpuTensor {
  const rank = x.shape.length;
  const reduced = [...new Set(axes.map((axis) => (axis < 0 ? axis + rank : axis)))].sort((left, right) => left - right);
  if (reduced.length !== axes.length || reduced.some((axis) => axis < 0 || axis >= rank)) {
    throw new Error(`reduce: axes [${axes.join(", ")}] are not distinct axes of ${formatShape(x.shape)}`);
  }
  const kept = x.shape.map((_, axis) => axis).filter((axis) => !reduced.includes(axis));
  const strides = stridesOf(x.shape);
  const keptShape = kept.map((axis) => x.shape[axis]);
  const reducedShape = reduced.map((axis) => x.shape[axis]);
  const count = reducedShape.reduce((product, dimension) => product * dimension, 1);
  const shape = keepDimensions ? x.shape.map((dimension, axis) => (reduced.includes(axis) ? 1 : dimension)) : keptShape;
  const start = op === "max" ? "-3.0e38" : "0.0";
  const accumulate = op === "max" ? "total = Math.max(total, value);" : "total += value;";
  const finish = op === "mean" ? `total / ${float(count)}` : "total";
  return device.run(
    `reduce ${op} ${formatShape(x.shape)} ${reduced.join(",")}`,
    () => `function(x) {
      ${splitIndex("this.thread.x", keptShape, "o")}
      const base = ${flatIndex(kept.map((_, index) => `o${index}`), kept.map((axis) => strides[axis]))};
      let total = ${start};
      for (let cell = 0; cell < ${count}; cell++) {
        ${splitIndex("cell", reducedShape, "r")}
        const value = x[base + ${flatIndex(reduced.map((_, index) => `r${index}`), reduced.map((axis) => strides[axis]))}];
        ${accumulate}
      }
      return ${finish};
    }`,
    [x],
    shape,
  );
}
