import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleGemmKernel, gemmKernelModuleSource } from "../../scripts/assemble-wasm.mjs";
import { gemmKernelSharedBase64, gemmKernelUnsharedBase64 } from "./gemm-kernel-binary.js";

describe("gemm-kernel-binary.ts", () => {
  it("is what scripts/build-wasm.mjs makes from wasm/gemm-kernel.wat today (run `npm run build:wasm` if not)", async () => {
    const wat = readFileSync(new URL("../../wasm/gemm-kernel.wat", import.meta.url), "utf8");
    const committed = readFileSync(new URL("./gemm-kernel-binary.ts", import.meta.url), "utf8");
    expect(committed).toBe(gemmKernelModuleSource(await assembleGemmKernel(wat)));
  });

  it("stays under 4 KiB, the most Chrome compiles synchronously on a page's main thread", () => {
    for (const base64 of [gemmKernelSharedBase64, gemmKernelUnsharedBase64]) {
      expect(atob(base64).length).toBeLessThanOrEqual(4096);
    }
  });
});
