import { afterAll, describe, expect, it } from "vitest";
import { gemmBlocked } from "./gemm-blocked.js";
import { gemmNaive } from "./gemm-naive.js";
import { describeCase, expectMatchesReference, gemmCases, makeGemm } from "./test-gemm-cases.js";
import { activeGemmKernel, closeGemm, configureGemm, gemm, gemmInfo, type GemmKernel } from "./index.js";
import { hasRelaxedSimd, WasmGemm, type WasmKernel } from "./wasm-gemm.js";

// ALEXNET_CPU_KERNEL=fma: the relaxed-SIMD check (relaxed-simd.test.ts) runs this file under a
// Node with relaxed SIMD and needs the fused kernel really tested, not skipped.
const fusedRequired = process.env.ALEXNET_CPU_KERNEL === "fma";

describe("gemm paths match a float64 loop", () => {
  const wasm = WasmGemm.create();
  afterAll(async () => {
    await wasm?.close();
    await closeGemm();
  });

  it("has WebAssembly SIMD and worker threads here (Node ≥ 20.16)", () => {
    expect(wasm).toBeDefined();
    expect(wasm?.availableThreads(2)).toBe(2);
  });

  it("compiles the fused multiply-add kernel exactly where relaxed SIMD validates", () => {
    expect(wasm?.hasFusedKernel).toBe(hasRelaxedSimd());
    if (fusedRequired) expect(wasm?.hasFusedKernel).toBe(true);
  });

  // Relaxed madd may fuse (one rounding) or not (two, as mul + add): both stay within the
  // (K+2)·2⁻²⁴·Σ|a·b| bound that expectMatchesReference checks, the same as every other path.
  const kernels: WasmKernel[] = wasm?.hasFusedKernel === true ? ["simd128", "fma"] : ["simd128"];
  for (const testCase of gemmCases) {
    const label = describeCase(testCase);
    it(`naive TypeScript: ${label}`, () => expectMatchesReference(makeGemm(testCase), gemmNaive));
    it(`blocked TypeScript: ${label}`, () => expectMatchesReference(makeGemm(testCase), gemmBlocked));
    for (const kernel of kernels) {
      it(`wasm ${kernel}, 1 thread: ${label}`, () =>
        expectMatchesReference(makeGemm(testCase), (params) => wasm!.multiply(params, 1, { kernel })));
      it(`wasm ${kernel}, 2 threads: ${label}`, () =>
        expectMatchesReference(makeGemm(testCase), (params) => wasm!.multiply(params, 2, { kernel })));
      it(`wasm ${kernel}, worker thread alone: ${label}`, () =>
        expectMatchesReference(makeGemm(testCase), (params) => wasm!.multiply(params, 2, { workersOnly: true, kernel })));
    }
  }

  it("switches kernels between calls on one memory and one worker pool", () => {
    for (const kernel of [...kernels, ...kernels]) {
      expectMatchesReference(makeGemm({ m: 37, n: 150, k: 90 }, 5), (params) => wasm!.multiply(params, 2, { kernel }));
    }
  });

  it("wasm SIMD with 3 threads on 2 cores still splits the work correctly", () => {
    expectMatchesReference(makeGemm({ m: 97, n: 301, k: 77, accumulate: true }), (params) => wasm!.multiply(params, 3));
  });

  it("wasm SIMD stays correct while the pool is restarted with other thread counts between calls", () => {
    for (const threads of [2, 3, 2, 4, 1, 3]) {
      expect(wasm!.availableThreads(threads)).toBe(threads);
      expectMatchesReference(makeGemm({ m: 41, n: 203, k: 67 }, threads), (params) => wasm!.multiply(params, threads));
    }
  });

  it("wasm SIMD works in place on arrays that live in its memory (no staging), edges of C untouched", () => {
    const copyIn = (array: Float32Array): Float32Array => {
      const inside = wasm!.allocateArray(array.length)!;
      inside.set(array);
      return inside;
    };
    for (const testCase of gemmCases) {
      for (const threads of [1, 2]) {
        const params = makeGemm(testCase, 11);
        expectMatchesReference({ ...params, a: copyIn(params.a), b: copyIn(params.b) }, (inPlace) => {
          expect([inPlace.a, inPlace.b, inPlace.c].every((array) => wasm!.holds(array))).toBe(true);
          wasm!.multiply(inPlace, threads);
        }, copyIn);
      }
    }
  });

  it("wasm SIMD reuses its memory across calls of different sizes", () => {
    for (const testCase of [gemmCases[3], gemmCases[10], gemmCases[1], gemmCases[3]]) {
      expectMatchesReference(makeGemm(testCase, 7), (params) => wasm!.multiply(params, 2));
    }
  });
});

describe("gemm (public entry)", () => {
  afterAll(() => closeGemm());

  it("picks each path by configuration and size, and all agree with the reference", () => {
    const names: Record<string, RegExp> = { fma: /^wasm relaxed-SIMD FMA, /, simd128: /^wasm SIMD128, /, typescript: /^TypeScript/ };
    const kernels: GemmKernel[] = hasRelaxedSimd() ? ["fma", "simd128", "typescript"] : ["simd128", "typescript"];
    for (const kernel of kernels) {
      for (const threads of [1, 2]) {
        configureGemm({ kernel, threads });
        expect(activeGemmKernel()).toBe(kernel);
        expect(gemmInfo()).toMatch(names[kernel]);
        expectMatchesReference(makeGemm({ m: 96, n: 200, k: 363 }), gemm);
        expectMatchesReference(makeGemm({ m: 2, n: 3, k: 4, accumulate: true }), gemm);
      }
    }
    configureGemm({ kernel: "auto", threads: 2 });
    expect(gemmInfo()).toBe(`${hasRelaxedSimd() ? "wasm relaxed-SIMD FMA" : "wasm SIMD128"}, 2 threads`);
    // The older switch still works: simd false is the TypeScript kernel.
    configureGemm({ simd: false });
    expect(activeGemmKernel()).toBe("typescript");
    configureGemm({ simd: true });
    expect(activeGemmKernel()).toBe(hasRelaxedSimd() ? "fma" : "simd128");
  });

  it.skipIf(hasRelaxedSimd())("refuses to force the fma kernel where relaxed SIMD is missing, saying where it exists", () => {
    expect(() => configureGemm({ kernel: "fma" })).toThrow(/^configureGemm: kernel fma needs WebAssembly relaxed SIMD \(Node ≥ 22/);
    expect(activeGemmKernel()).toBe("simd128");
  });

  it("K = 0 gives C = 0, or leaves C as it was when accumulating", () => {
    const c = new Float32Array([1, 2, 3, 4]);
    const common = { m: 2, n: 2, k: 0, a: new Float32Array(0), lda: 1, transposeA: false, b: new Float32Array(0), ldb: 2, transposeB: false, c, ldc: 2 };
    gemm({ ...common, accumulate: true });
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
    gemm({ ...common, accumulate: false });
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
  });

  it("rejects arrays too short and leading dimensions too small, naming the argument", () => {
    const params = makeGemm({ m: 3, n: 4, k: 5 });
    expect(() => gemm({ ...params, a: params.a.subarray(1) })).toThrow(/gemm: a needs 15 elements/);
    expect(() => gemm({ ...params, ldb: 3 })).toThrow(/gemm: ldb must be an integer ≥ 4/);
    expect(() => gemm({ ...params, m: -1 })).toThrow(/gemm: m must be a non-negative integer/);
    expect(() => configureGemm({ threads: 0 })).toThrow(/threads must be a positive integer/);
    expect(() => configureGemm({ kernel: "avx" as GemmKernel })).toThrow(/^configureGemm: kernel must be one of auto, fma, simd128, typescript, got avx$/);
  });
});
