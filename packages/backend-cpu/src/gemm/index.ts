/**
 * The matrix multiply at the heart of the CPU backend: convolutions (im2col),
 * fully connected layers and their gradients all reduce to it.
 *
 * This first version is a plain, correct loop; faster paths (blocked
 * TypeScript, WebAssembly SIMD, worker threads) replace it behind the same API.
 */

/** Arguments of {@link gemm}: C[M×N] (+)= op(A)[M×K] · op(B)[K×N], all row-major. */
export interface GemmParams {
  /** Rows of op(A) and C. */
  m: number;
  /** Columns of op(B) and C. */
  n: number;
  /** Columns of op(A), rows of op(B): the summed dimension. */
  k: number;
  /** A, stored M×K (or K×M when transposeA) with leading dimension lda. */
  a: Float32Array;
  /** Index of A's first element in `a` (default 0). */
  aOffset?: number;
  /** Distance between consecutive rows of A as stored. */
  lda: number;
  /** Use Aᵀ: A is stored K×M. */
  transposeA: boolean;
  /** B, stored K×N (or N×K when transposeB) with leading dimension ldb. */
  b: Float32Array;
  /** Index of B's first element in `b` (default 0). */
  bOffset?: number;
  /** Distance between consecutive rows of B as stored. */
  ldb: number;
  /** Use Bᵀ: B is stored N×K. */
  transposeB: boolean;
  /** C, M×N with leading dimension ldc. */
  c: Float32Array;
  /** Index of C's first element in `c` (default 0). */
  cOffset?: number;
  /** Distance between consecutive rows of C. */
  ldc: number;
  /** Add to C (true) or overwrite it (false). */
  accumulate: boolean;
}

/** C[M×N] (+)= op(A)[M×K] · op(B)[K×N]; row-major with leading dimensions; synchronous. */
export function gemm(params: GemmParams): void {
  const { m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate } = params;
  const aOffset = params.aOffset ?? 0;
  const bOffset = params.bOffset ?? 0;
  const cOffset = params.cOffset ?? 0;
  // Strides of op(A)[i][p] and op(B)[p][j] in the stored arrays.
  const aRowStride = transposeA ? 1 : lda;
  const aColStride = transposeA ? lda : 1;
  const bRowStride = transposeB ? 1 : ldb;
  const bColStride = transposeB ? ldb : 1;
  for (let i = 0; i < m; i++) {
    const cRow = cOffset + i * ldc;
    if (!accumulate) c.fill(0, cRow, cRow + n);
    for (let p = 0; p < k; p++) {
      const aValue = a[aOffset + i * aRowStride + p * aColStride];
      const bRow = bOffset + p * bRowStride;
      for (let j = 0; j < n; j++) c[cRow + j] += aValue * b[bRow + j * bColStride];
    }
  }
}
