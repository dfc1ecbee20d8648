/** Arguments of `gemm`: C[M×N] (+)= op(A)[M×K] · op(B)[K×N], all row-major. */
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

/** {@link GemmParams} after validation, with every offset filled in. */
export interface ResolvedGemm extends GemmParams {
  aOffset: number;
  bOffset: number;
  cOffset: number;
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`gemm: ${name} must be a non-negative integer, got ${value}`);
}

// A stored rows×columns matrix must fit in its array: the leading dimension
// covers a row, and the last row ends inside the array.
function checkStorage(
  name: string,
  array: Float32Array,
  offset: number,
  leading: number,
  rows: number,
  columns: number,
): void {
  checkCount(`${name}Offset`, offset);
  if (!Number.isInteger(leading) || leading < Math.max(1, columns)) {
    throw new RangeError(`gemm: ld${name} must be an integer ≥ ${Math.max(1, columns)} (a stored row), got ${leading}`);
  }
  if (rows === 0 || columns === 0) return;
  const end = offset + (rows - 1) * leading + columns;
  if (end > array.length) {
    throw new RangeError(
      `gemm: ${name} needs ${end} elements (offset ${offset}, ${rows}×${columns}, ld ${leading}) but has ${array.length}`,
    );
  }
}

/** Checks shapes, leading dimensions and array lengths; throws a RangeError naming the bad argument. */
export function resolveGemm(params: GemmParams): ResolvedGemm {
  const { m, n, k } = params;
  checkCount("m", m);
  checkCount("n", n);
  checkCount("k", k);
  const resolved: ResolvedGemm = {
    ...params,
    aOffset: params.aOffset ?? 0,
    bOffset: params.bOffset ?? 0,
    cOffset: params.cOffset ?? 0,
  };
  const touchesInputs = m > 0 && n > 0 && k > 0;
  checkStorage("a", params.a, resolved.aOffset, params.lda, touchesInputs ? (params.transposeA ? k : m) : 0, params.transposeA ? m : k);
  checkStorage("b", params.b, resolved.bOffset, params.ldb, touchesInputs ? (params.transposeB ? n : k) : 0, params.transposeB ? k : n);
  checkStorage("c", params.c, resolved.cOffset, params.ldc, m, n);
  return resolved;
}

/** C = 0 (or unchanged when accumulating): the result when K is 0. */
export function clearUnlessAccumulating(params: ResolvedGemm): void {
  if (params.accumulate) return;
  for (let i = 0; i < params.m; i++) {
    const row = params.cOffset + i * params.ldc;
    params.c.fill(0, row, row + params.n);
  }
}
