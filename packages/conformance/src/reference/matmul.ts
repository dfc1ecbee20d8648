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
  const output = referenceTensor([rows, columns]);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) {
        const fromA = transposeA ? a.data[k * a.shape[1] + row] : a.data[row * a.shape[1] + k];
        const fromB = transposeB ? b.data[column * b.shape[1] + k] : b.data[k * b.shape[1] + column];
        sum += fromA * fromB;
      }
      output.data[row * columns + column] = sum;
    }
  }
  return output;
}
