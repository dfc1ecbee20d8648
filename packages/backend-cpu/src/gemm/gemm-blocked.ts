import { clearUnlessAccumulating, type ResolvedGemm } from "./gemm-params.js";

// Block sizes: a kc×4 panel of A and of B (4 KiB each in float32) stay in L1
// while the micro-tile sweeps them; an mc×kc block of A (64 KiB) stays in L2.
const kcMax = 256;
const mcMax = 64;
const ncMax = 1024;

// Packing buffers, reused across calls so the hot path allocates nothing.
let packedA = new Float32Array(mcMax * kcMax);
let packedB = new Float32Array(kcMax * ncMax);
const edgeTile = new Float64Array(16);

/**
 * Copies op(A)[i0 .. i0+rows) × [p0 .. p0+kc) into panels of 4 rows:
 * panel q holds row 4q+r, column p at (q·kc + p)·4 + r; missing rows are 0.
 */
function packA(params: ResolvedGemm, i0: number, rows: number, p0: number, kc: number): void {
  const { a, aOffset, lda, transposeA } = params;
  const rowStride = transposeA ? 1 : lda;
  const step = transposeA ? lda : 1;
  const panels = Math.ceil(rows / 4);
  for (let q = 0; q < panels; q++) {
    for (let r = 0; r < 4; r++) {
      const row = q * 4 + r;
      let target = q * kc * 4 + r;
      if (row >= rows) {
        for (let p = 0; p < kc; p++, target += 4) packedA[target] = 0;
        continue;
      }
      let source = aOffset + (i0 + row) * rowStride + p0 * step;
      for (let p = 0; p < kc; p++, target += 4, source += step) packedA[target] = a[source];
    }
  }
}

/**
 * Copies op(B)[p0 .. p0+kc) × [j0 .. j0+columns) into panels of 4 columns:
 * panel t holds column 4t+s, row p at (t·kc + p)·4 + s; missing columns are 0.
 */
function packB(params: ResolvedGemm, p0: number, kc: number, j0: number, columns: number): void {
  const { b, bOffset, ldb, transposeB } = params;
  const rowStride = transposeB ? 1 : ldb;
  const columnStride = transposeB ? ldb : 1;
  const panels = Math.ceil(columns / 4);
  for (let t = 0; t < panels; t++) {
    for (let s = 0; s < 4; s++) {
      const column = t * 4 + s;
      let target = t * kc * 4 + s;
      if (column >= columns) {
        for (let p = 0; p < kc; p++, target += 4) packedB[target] = 0;
        continue;
      }
      let source = bOffset + p0 * rowStride + (j0 + column) * columnStride;
      for (let p = 0; p < kc; p++, target += 4, source += rowStride) packedB[target] = b[source];
    }
  }
}

/**
 * Cache- and register-blocked matrix multiply in plain TypeScript (the
 * GotoBLAS loop nest with a 4×4 micro-tile held in 16 local variables).
 * The portable fallback where WebAssembly SIMD is unavailable, and a
 * reference for the faster paths.
 */
export function gemmBlocked(params: ResolvedGemm): void {
  const { m, n, k, c, cOffset, ldc, accumulate } = params;
  if (k === 0) {
    clearUnlessAccumulating(params);
    return;
  }
  const mc = Math.min(mcMax, m);
  const nc = Math.min(ncMax, n);
  if (packedB.length < kcMax * (Math.ceil(nc / 4) * 4)) packedB = new Float32Array(kcMax * Math.ceil(nc / 4) * 4);
  if (packedA.length < kcMax * (Math.ceil(mc / 4) * 4)) packedA = new Float32Array(kcMax * Math.ceil(mc / 4) * 4);
  for (let j0 = 0; j0 < n; j0 += nc) {
    const columns = Math.min(nc, n - j0);
    for (let p0 = 0; p0 < k; p0 += kcMax) {
      const kc = Math.min(kcMax, k - p0);
      const add = accumulate || p0 > 0;
      packB(params, p0, kc, j0, columns);
      for (let i0 = 0; i0 < m; i0 += mc) {
        const rows = Math.min(mc, m - i0);
        packA(params, i0, rows, p0, kc);
        for (let jr = 0; jr < columns; jr += 4) {
          for (let ir = 0; ir < rows; ir += 4) {
            microTile(
              kc,
              (ir >> 2) * kc * 4,
              (jr >> 2) * kc * 4,
              c,
              cOffset + (i0 + ir) * ldc + j0 + jr,
              ldc,
              Math.min(4, rows - ir),
              Math.min(4, columns - jr),
              add,
            );
          }
        }
      }
    }
  }
}

// C[rows×columns] (+)= Apanel · Bpanel over kc steps; the full 4×4 case
// stores directly, edge tiles go through a scratch tile.
function microTile(
  kc: number,
  aStart: number,
  bStart: number,
  c: Float32Array,
  cStart: number,
  ldc: number,
  rows: number,
  columns: number,
  add: boolean,
): void {
  const pa = packedA;
  const pb = packedB;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ai = aStart;
  let bi = bStart;
  for (let p = 0; p < kc; p++, ai += 4, bi += 4) {
    const a0 = pa[ai], a1 = pa[ai + 1], a2 = pa[ai + 2], a3 = pa[ai + 3];
    const b0 = pb[bi], b1 = pb[bi + 1], b2 = pb[bi + 2], b3 = pb[bi + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (rows === 4 && columns === 4) {
    let at = cStart;
    if (add) {
      c[at] += c00; c[at + 1] += c01; c[at + 2] += c02; c[at + 3] += c03; at += ldc;
      c[at] += c10; c[at + 1] += c11; c[at + 2] += c12; c[at + 3] += c13; at += ldc;
      c[at] += c20; c[at + 1] += c21; c[at + 2] += c22; c[at + 3] += c23; at += ldc;
      c[at] += c30; c[at + 1] += c31; c[at + 2] += c32; c[at + 3] += c33;
    } else {
      c[at] = c00; c[at + 1] = c01; c[at + 2] = c02; c[at + 3] = c03; at += ldc;
      c[at] = c10; c[at + 1] = c11; c[at + 2] = c12; c[at + 3] = c13; at += ldc;
      c[at] = c20; c[at + 1] = c21; c[at + 2] = c22; c[at + 3] = c23; at += ldc;
      c[at] = c30; c[at + 1] = c31; c[at + 2] = c32; c[at + 3] = c33;
    }
    return;
  }
  const tile = edgeTile;
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
  for (let r = 0; r < rows; r++) {
    const row = cStart + r * ldc;
    for (let s = 0; s < columns; s++) c[row + s] = add ? c[row + s] + tile[r * 4 + s] : tile[r * 4 + s];
  }
}
