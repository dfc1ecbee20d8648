import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "@alexnet-ts/engine";

/**
 * Matrix product of 2-D tensors, either operand optionally transposed; one output cell per thread.
 *
 * The output is two-dimensional (thread.y is the row, thread.x the column) and every index is
 * gpu.js integer arithmetic (thread ids, integer literals, the loop counter), so the operands may
 * exceed 2^24 elements, as AlexNet's fc6 weight [4096, 9216] does, without float32 rounding of
 * their indices.
 */
export function matmul(device: Device, a: GpuTensor, b: GpuTensor, transposeA: boolean, transposeB: boolean): GpuTensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`matmul: operands must be 2-D, not ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const [rows, inner] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [innerB, columns] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (inner !== innerB) throw new Error(`matmul: inner dimensions differ: ${formatShape(a.shape)}${transposeA ? "ᵀ" : ""} × ${formatShape(b.shape)}${transposeB ? "ᵀ" : ""}`);
  const aIndex = transposeA ? `k * ${rows} + this.thread.y` : `this.thread.y * ${inner} + k`;
  const bIndex = transposeB ? `this.thread.x * ${inner} + k` : `k * ${columns} + this.thread.x`;
  return device.run(
    `matmul ${formatShape(a.shape)} ${formatShape(b.shape)} ${transposeA} ${transposeB}`,
    () => `function(a, b) {
      let sum = 0.0;
      for (let k = 0; k < ${inner}; k++) {
        sum += a[${aIndex}] * b[${bIndex}];
      }
      return sum;
    }`,
    [a, b],
    [rows, columns],
    { output: [columns, rows], integerIndexing: true },
  );
}
