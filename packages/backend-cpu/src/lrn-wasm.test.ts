import type { Shape } from "@alexnet-ts/engine";
import { afterAll, describe, expect, it } from "vitest";
import { createCpuBackend } from "./backend.js";
import { closeGemm } from "./gemm/index.js";
import { expectClose, randomTensor, runWasmAndTypescript, take } from "./test-helpers.js";

// The WebAssembly LRN kernel (f32, threads) against the TypeScript path (float64 sums), which the
// conformance suite checks against its float64 reference. Tolerance 1e-5 of the largest value:
// the kernel's own error is about 1e-6 relative (lrn-wasm.ts states the bound).
const tolerance = 1e-5;

async function lrnBothWays(shape: Shape, size: number, threads: number, beta = 0.75): Promise<{ wasm: Float32Array[]; typescript: Float32Array[] }> {
  const options = { size, alpha: 1e-2, beta, k: 2 };
  const run = async (): Promise<Float32Array[]> => {
    const backend = createCpuBackend();
    const x = randomTensor(backend, shape, 3, -4, 4);
    const dy = randomTensor(backend, shape, 4);
    const y = backend.localResponseNorm(x, options);
    const dx = backend.localResponseNormBackward(x, y, dy, options);
    const results = [await take(backend, y), await take(backend, dx)];
    backend.dispose(x);
    backend.dispose(dy);
    return results;
  };
  return runWasmAndTypescript(run, threads);
}

describe("LRN in the WebAssembly ops kernel", () => {
  afterAll(() => closeGemm());

  const cases: [string, Shape, number, number][] = [
    ["planes not a multiple of 4 (overlapping last vector), window 5", [2, 7, 5, 3], 5, 1],
    ["a window wider than the channels", [1, 3, 2, 2], 7, 1],
    ["an even window (one more channel above than below)", [2, 6, 3, 4], 4, 1],
    ["one channel", [2, 1, 4, 4], 5, 1],
    ["threaded: 2 threads over 4 images of 32×16×32", [4, 32, 16, 32], 5, 2],
  ];
  for (const [what, shape, size, threads] of cases) {
    it(`matches the TypeScript path forward and backward: ${what}`, async () => {
      const { wasm, typescript } = await lrnBothWays(shape, size, threads);
      expectClose(wasm[0], typescript[0], tolerance, "y");
      expectClose(wasm[1], typescript[1], tolerance, "dx");
      // The two paths differ (f32 against float64 sums) somewhere, or the wasm path did not run.
      expect(wasm[0].some((value, index) => value !== typescript[0][index]) || wasm[1].some((value, index) => value !== typescript[1][index])).toBe(true);
    });
  }

  it("leaves other powers to the TypeScript path (bit-identical results)", async () => {
    const { wasm, typescript } = await lrnBothWays([2, 5, 3, 3], 5, 1, 0.5);
    expect(wasm).toEqual(typescript);
  });
});
