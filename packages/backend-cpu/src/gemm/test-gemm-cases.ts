import { expect } from "vitest";
import type { ResolvedGemm } from "./gemm-params.js";

/** One multiply to test: shapes, layouts, offsets, padding and accumulate. */
export interface GemmCase {
  m: number;
  n: number;
  k: number;
  transposeA?: boolean;
  transposeB?: boolean;
  accumulate?: boolean;
  /** Extra elements at the end of each stored row (leading dimension > width). */
  rowPadding?: number;
  /** Elements before each matrix in its array. */
  offset?: number;
}

/** Values that a seeded generator fills the arrays with, in [-1, 1). */
function seededValues(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** The arrays of a case, ready for any gemm path, with every element (padding included) random. */
export function makeGemm(testCase: GemmCase, seed = 1): ResolvedGemm {
  const { m, n, k, transposeA = false, transposeB = false, accumulate = false } = testCase;
  const padding = testCase.rowPadding ?? 0;
  const offset = testCase.offset ?? 0;
  const next = seededValues(seed);
  const filled = (length: number) => Float32Array.from({ length }, next);
  const lda = (transposeA ? m : k) + padding;
  const ldb = (transposeB ? k : n) + padding;
  const ldc = n + padding;
  return {
    m,
    n,
    k,
    a: filled(offset + (transposeA ? k : m) * lda + padding),
    aOffset: offset,
    lda,
    transposeA,
    b: filled(offset + (transposeB ? n : k) * ldb + padding),
    bOffset: offset,
    ldb,
    transposeB,
    c: filled(offset + m * ldc + padding),
    cOffset: offset,
    ldc,
    accumulate,
  };
}

/**
 * Runs `multiply` on a copy of `params` (C copied by `copyOf`) and checks every element of C
 * against a float64 loop, and every element outside C's M×N window for
 * being untouched.
 *
 * Tolerance: summing K float32 products in any order (blocked, SIMD lanes,
 * threads) is off from the exact sum by at most γ = (K+2)·2⁻²⁴ times
 * Σ|a·b| (+|C₀| when accumulating): one rounding per product and per
 * addition (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
 * This worst-case bound holds for every path; a wrong index or a missed
 * block errs by ~|a·b| ≈ 0.3, far above it.
 */
export function expectMatchesReference(
  params: ResolvedGemm,
  multiply: (params: ResolvedGemm) => void,
  copyOf: (array: Float32Array) => Float32Array = (array) => array.slice(),
): void {
  const { m, n, k, a, aOffset, lda, transposeA, b, bOffset, ldb, transposeB, cOffset, ldc, accumulate } = params;
  const before = params.c.slice();
  const c = copyOf(params.c);
  multiply({ ...params, c });
  const gamma = (k + 2) * 2 ** -24;
  const inWindow = new Uint8Array(c.length);
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = accumulate ? before[cOffset + i * ldc + j] : 0;
      let magnitude = Math.abs(sum);
      for (let p = 0; p < k; p++) {
        const product =
          a[aOffset + (transposeA ? p * lda + i : i * lda + p)] * b[bOffset + (transposeB ? j * ldb + p : p * ldb + j)];
        sum += product;
        magnitude += Math.abs(product);
      }
      const index = cOffset + i * ldc + j;
      inWindow[index] = 1;
      const error = Math.abs(c[index] - sum) / (gamma * magnitude + 1e-30);
      worst = Math.max(worst, Number.isNaN(error) ? Infinity : error);
    }
  }
  expect(worst, `worst error / tolerance for ${m}×${n}×${k}`).toBeLessThanOrEqual(1);
  let changedOutside = 0;
  for (let index = 0; index < c.length; index++) if (!inWindow[index] && c[index] !== before[index]) changedOutside++;
  expect(changedOutside, "elements of c outside the M×N window that changed").toBe(0);
}

/** Shapes every path is tested on: odd sizes, edges of every block, transposes, offsets, padding, accumulate. */
export const gemmCases: GemmCase[] = [
  { m: 1, n: 1, k: 1 },
  { m: 7, n: 13, k: 5 },
  { m: 7, n: 13, k: 5, transposeA: true, transposeB: true, accumulate: true, rowPadding: 3, offset: 2 },
  { m: 65, n: 33, k: 129 },
  { m: 65, n: 33, k: 129, transposeA: true },
  { m: 65, n: 33, k: 129, transposeB: true, accumulate: true },
  { m: 33, n: 65, k: 129, transposeA: true, transposeB: true, rowPadding: 5, offset: 7 },
  { m: 4, n: 8, k: 2, accumulate: true },
  { m: 3, n: 300, k: 1 },
  // M < 4 takes the matrix–vector path: odd K (tails of 4), N not a multiple of 16 or 4.
  { m: 1, n: 37, k: 103, transposeB: true },
  { m: 3, n: 37, k: 103, transposeA: true, transposeB: true, accumulate: true, rowPadding: 2, offset: 3 },
  { m: 2, n: 70, k: 9, transposeA: true, rowPadding: 1 },
  { m: 1, n: 1100, k: 40, accumulate: true },
  { m: 300, n: 3, k: 7, rowPadding: 1 },
  // Crosses the K block (256), the wasm N block (1024) and the TypeScript M block (64).
  { m: 70, n: 1030, k: 520, accumulate: true, rowPadding: 2, offset: 1 },
  { m: 390, n: 20, k: 300, transposeB: true },
];

/** A short label for a case in test titles. */
export function describeCase(testCase: GemmCase): string {
  const flags = [
    testCase.transposeA ? "Aᵀ" : "",
    testCase.transposeB ? "Bᵀ" : "",
    testCase.accumulate ? "accumulate" : "",
    testCase.rowPadding ? `ld+${testCase.rowPadding}` : "",
    testCase.offset ? `offset ${testCase.offset}` : "",
  ].filter((flag) => flag !== "");
  return `${testCase.m}×${testCase.n}×${testCase.k}${flags.length > 0 ? ` (${flags.join(", ")})` : ""}`;
}
