import { formatShape, type MatmulOptions } from "@alexnet-ts/engine";
import { ArrayTensor, requireShape } from "./tensor.js";

/**
 * Matrix product of 2-D tensors, optionally transposing either operand first.
 * Shapes: a: [M, K] (or [K, M] transposed), b: [K, N] (or [N, K] transposed) → [M, N]
 */
export function matmul(a: ArrayTensor, b: ArrayTensor, options: MatmulOptions): ArrayTensor {
  const { transposeA, transposeB } = options;
  requireShape("matmul", a.shape.length === 2 && b.shape.length === 2, `operands must be 2-D, but are ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const [rows, inner] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [innerB, columns] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  requireShape("matmul", inner === innerB, `inner dimensions differ: ${formatShape(a.shape)}${transposeA ? "ᵀ" : ""} × ${formatShape(b.shape)}${transposeB ? "ᵀ" : ""}`);
  // Where element (row, k) of A and (k, column) of B sit in their row-major values.
  const [aRowStep, aInnerStep] = transposeA ? [1, rows] : [inner, 1];
  const [bInnerStep, bColumnStep] = transposeB ? [1, inner] : [columns, 1];
  const output = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += a.values[row * aRowStep + k * aInnerStep] * b.values[k * bInnerStep + column * bColumnStep];
      output[row * columns + column] = sum;
    }
  }
  return new ArrayTensor([rows, columns], output);
}
