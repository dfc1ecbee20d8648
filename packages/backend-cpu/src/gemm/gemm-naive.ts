import type { ResolvedGemm } from "./gemm-params.js";

/**
 * The plainest correct matrix multiply: one dot product per element of C,
 * summed in float64. Used for tiny problems, where packing costs more than it
 * saves, and as the simplest path the others are tested against.
 */
export function gemmNaive(params: ResolvedGemm): void {
  const { m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate } = params;
  const { aOffset, bOffset, cOffset } = params;
  // Strides of op(A)[i][p] and op(B)[p][j] in the stored arrays.
  const aRowStride = transposeA ? 1 : lda;
  const aStep = transposeA ? lda : 1;
  const bStep = transposeB ? 1 : ldb;
  const bColumnStride = transposeB ? ldb : 1;
  for (let i = 0; i < m; i++) {
    const aRow = aOffset + i * aRowStride;
    const cRow = cOffset + i * ldc;
    for (let j = 0; j < n; j++) {
      let sum = accumulate ? c[cRow + j] : 0;
      let aIndex = aRow;
      let bIndex = bOffset + j * bColumnStride;
      for (let p = 0; p < k; p++) {
        sum += a[aIndex] * b[bIndex];
        aIndex += aStep;
        bIndex += bStep;
      }
      c[cRow + j] = sum;
    }
  }
}
