import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape, stridesOf } from "@alexnet-ts/engine";
import { flatIndex, float, splitIndex } from "../runtime/index-code.js";

/** Joins tensors along an axis in one kernel: each thread finds the part its cell falls in. */
export function concat(device: Device, tensors: readonly GpuTensor[], axis: number): GpuTensor {
  if (tensors.length === 0) throw new Error("concat: needs at least one tensor");
  const first = tensors[0].shape;
  const valid = axis >= 0 && axis < first.length && tensors.every((tensor) => tensor.shape.length === first.length && tensor.shape.every((dimension, index) => index === axis || dimension === first[index]));
  if (!valid) throw new Error(`concat: shapes ${tensors.map((tensor) => formatShape(tensor.shape)).join(", ")} do not agree off axis ${axis}`);
  const shape = [...first];
  shape[axis] = tensors.reduce((total, tensor) => total + tensor.shape[axis], 0);
  // Empty parts add nothing (and gpu.js cannot bind an empty argument).
  const parts = tensors.filter((tensor) => tensor.size > 0);
  if (parts.length < tensors.length && parts.length > 0 && shape.every((dimension) => dimension > 0)) return concat(device, parts, axis);
  const names = tensors.map((_, index) => `part${index}`);
  const branches: string[] = [];
  let offset = 0;
  tensors.forEach((tensor, index) => {
    const coordinates = shape.map((_, dimension) => (dimension === axis ? `(o${dimension} - ${float(offset)})` : `o${dimension}`));
    const read = `return ${names[index]}[${flatIndex(coordinates, stridesOf(tensor.shape))}];`;
    offset += tensor.shape[axis];
    branches.push(index === tensors.length - 1 ? read : `if (o${axis} < ${float(offset)}) { ${read} }`);
  });
  return device.run(
    `concat ${tensors.map((tensor) => formatShape(tensor.shape)).join(" ")} ${axis}`,
    () => `function(${names.join(", ")}) {
      ${splitIndex("this.thread.x", shape, "o")}
      ${branches.join("\n")}
    }`,
    tensors,
    shape,
  );
}
