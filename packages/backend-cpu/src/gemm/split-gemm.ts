import type { ResolvedGemm } from "./gemm-params.js";
import { roundUp } from "./job-plan.js";

/**
 * Cuts a product too large to stage at once in two along its largest dimension and runs both
 * halves with `multiply`; the second half of a K split accumulates onto the first. False when
 * it cannot be cut (N < 16, M < 8 and K < 2).
 */
export function splitGemm(params: ResolvedGemm, multiply: (piece: ResolvedGemm) => void): boolean {
  const { m, n, k, transposeA, transposeB, lda, ldb, ldc } = params;
  if (n >= m && n >= 16) {
    const first = roundUp(n / 2, 8);
    multiply({ ...params, n: first });
    multiply({ ...params, n: n - first, bOffset: params.bOffset + first * (transposeB ? ldb : 1), cOffset: params.cOffset + first });
    return true;
  }
  if (m >= 8) {
    const first = roundUp(m / 2, 4);
    multiply({ ...params, m: first });
    multiply({ ...params, m: m - first, aOffset: params.aOffset + first * (transposeA ? 1 : lda), cOffset: params.cOffset + first * ldc });
    return true;
  }
  if (k >= 2) {
    const first = Math.ceil(k / 2);
    multiply({ ...params, k: first });
    multiply({
      ...params,
      k: k - first,
      aOffset: params.aOffset + first * (transposeA ? lda : 1),
      bOffset: params.bOffset + first * (transposeB ? 1 : ldb),
      accumulate: true,
    });
    return true;
  }
  return false;
}
