import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "../runtime/geometry.js";
import { float } from "../runtime/index-code.js";

/** Matrix product of 2-D tensors, either operand optionally transposed; one output cell per thread. */
export function matmul(device: Device, a: GpuTensor, b: GpuTensor, transposeA: boolean, transposeB: boolean): GpuTensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`matmul: operands must be 2-D, not ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const [rows, inner] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [innerB, columns] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (inner !== innerB) throw new Error(`matmul: inner dimensions differ: ${formatShape(a.shape)}${transposeA ? "ᵀ" : ""} × ${formatShape(b.shape)}${transposeB ? "ᵀ" : ""}`);
  // Element (i, k) of A and (k, j) of B as flat offsets, stepping along k.
  const aStart = transposeA ? "row" : `row * ${float(inner)}`;
  const aStep = transposeA ? float(rows) : "1.0";
  const bStart = transposeB ? `column * ${float(inner)}` : "column";
  const bStep = transposeB ? "1.0" : float(columns);
  return device.run(
    `matmul ${formatShape(a.shape)} ${formatShape(b.shape)} ${transposeA} ${transposeB}`,
    () => `function(a, b) {
      const row = Math.floor((this.thread.x + 0.5) / ${float(columns)});
      const column = this.thread.x - row * ${float(columns)};
      let sum = 0.0;
      for (let k = 0; k < ${inner}; k++) {
        sum += a[${aStart} + k * ${aStep}] * b[${bStart} + k * ${bStep}];
      }
      return sum;
    }`,
    [a, b],
    [rows, columns],
  );
}
