import { formatShape, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";

/** [M, K] × [K, N] → [M, N], transposing either operand first when asked. */
export function referenceMatmul(a: ReferenceTensor, b: ReferenceTensor, transposeA: boolean, transposeB: boolean): ReferenceTensor {
  requireShape("matmul", a.shape.length === 2 && b.shape.length === 2, `operands must be 2-D, but are ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const [rows, inner] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [innerB, columns] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  requireShape(
    "matmul",
    inner === innerB,
    `inner dimensions differ: ${formatShape(a.shape)}${transposeA ? "ᵀ" : ""} × ${formatShape(b.shape)}${transposeB ? "ᵀ" : ""}`,
  );
  const elementA = (row: number, k: number): number => (transposeA ? a.data[k * rows + row] : a.data[row * inner + k]);
  const output = referenceTensor([rows, columns]);
  // Both loop orders add the K products of each output in increasing k, so they give the same
  // float64 result; the order is chosen so that B (often a large weight matrix) is read contiguously.
  if (transposeB) {
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) sum += elementA(row, k) * b.data[column * inner + k];
        output.data[row * columns + column] = sum;
      }
    }
  } else {
    for (let row = 0; row < rows; row++) {
      for (let k = 0; k < inner; k++) {
        const fromA = elementA(row, k);
        for (let column = 0; column < columns; column++) output.data[row * columns + column] += fromA * b.data[k * columns + column];
      }
    }
  }
  return output;
}
