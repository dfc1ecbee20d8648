import { afterEach, describe, expect, it } from "vitest";
import { createCpuBackend, kernelVariable } from "./backend.js";
import { activeGemmKernel, closeGemm, configureGemm, gemmInfo } from "./gemm/index.js";
import { hasRelaxedSimd } from "./gemm/wasm-gemm.js";

describe("ALEXNET_CPU_KERNEL", () => {
  const before = process.env[kernelVariable];
  afterEach(async () => {
    if (before === undefined) delete process.env[kernelVariable];
    else process.env[kernelVariable] = before;
    configureGemm({ kernel: "auto" });
    await closeGemm();
  });

  it.each([
    ["simd128", /^wasm SIMD128, /],
    ["typescript", /^TypeScript/],
    ["auto", hasRelaxedSimd() ? /^wasm relaxed-SIMD FMA, / : /^wasm SIMD128, /],
  ] as const)("%s chooses the kernel when a backend is made, and describe() says which", (kernel, description) => {
    process.env[kernelVariable] = kernel;
    const backend = createCpuBackend();
    expect(gemmInfo()).toMatch(description);
    expect(backend.describe()).toContain(gemmInfo().split(",")[0]);
  });

  it("refuses an unknown kernel in one line that names the variable and the choices", () => {
    process.env[kernelVariable] = "avx512";
    expect(() => createCpuBackend()).toThrow(/^ALEXNET_CPU_KERNEL="avx512" is not a kernel: set it to one of auto, fma, simd128, typescript, or unset it \(auto\)$/);
  });

  it.skipIf(hasRelaxedSimd())("refuses fma where this Node lacks relaxed SIMD (skipped where it has it), saying where it exists", () => {
    process.env[kernelVariable] = "fma";
    expect(() => createCpuBackend()).toThrow(/^ALEXNET_CPU_KERNEL=fma: kernel fma needs WebAssembly relaxed SIMD \(Node ≥ 22/);
    expect(activeGemmKernel()).not.toBe("fma");
  });
});
