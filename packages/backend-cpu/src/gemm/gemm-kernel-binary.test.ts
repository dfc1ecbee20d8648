import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleGemmKernel, fusedMultiplyAddText, gemmKernelModuleSource } from "../../scripts/assemble-wasm.mjs";
import {
  elementwiseKernelSharedBase64,
  elementwiseKernelUnsharedBase64,
  gemmKernelFusedSharedBase64,
  gemmKernelFusedUnsharedBase64,
  gemmKernelSharedBase64,
  gemmKernelUnsharedBase64,
  opsKernelSharedBase64,
  opsKernelUnsharedBase64,
  winogradKernelSharedBase64,
  winogradKernelUnsharedBase64,
} from "./gemm-kernel-binary.js";

const wat = readFileSync(new URL("../../wasm/gemm-kernel.wat", import.meta.url), "utf8");
const opsWat = readFileSync(new URL("../../wasm/ops-kernel.wat", import.meta.url), "utf8");
const winogradWat = readFileSync(new URL("../../wasm/winograd-kernel.wat", import.meta.url), "utf8");
const elementwiseWat = readFileSync(new URL("../../wasm/elementwise-kernel.wat", import.meta.url), "utf8");

describe("gemm-kernel-binary.ts", () => {
  it("is what scripts/build-wasm.mjs makes from wasm/gemm-kernel.wat, ops-kernel.wat, winograd-kernel.wat and elementwise-kernel.wat today (run `npm run build:wasm` if not)", async () => {
    const committed = readFileSync(new URL("./gemm-kernel-binary.ts", import.meta.url), "utf8");
    expect(committed).toBe(gemmKernelModuleSource(await assembleGemmKernel(wat, opsWat, winogradWat, elementwiseWat)));
  });

  it("stays under 4 KiB per module, the most Chrome compiles synchronously on a page's main thread", () => {
    for (const base64 of [gemmKernelSharedBase64, gemmKernelUnsharedBase64, gemmKernelFusedSharedBase64, gemmKernelFusedUnsharedBase64, opsKernelSharedBase64, opsKernelUnsharedBase64, winogradKernelSharedBase64, winogradKernelUnsharedBase64, elementwiseKernelSharedBase64, elementwiseKernelUnsharedBase64]) {
      expect(atob(base64).length).toBeLessThanOrEqual(4096);
    }
  });

  it("fuses every multiply-add of the kernels in the FMA text, the 4×8 microkernel's eight included", () => {
    const fused = fusedMultiplyAddText(wat);
    const microkernel = fused.slice(fused.indexOf("(func $kernel"), fused.indexOf("(func $packA"));
    expect(microkernel.match(/f32x4\.relaxed_madd/g)).toHaveLength(8);
    expect(fused).not.toMatch(/f32x4\.mul/);
    // Nothing but the multiply-adds changes.
    expect(fused.replace(/\(f32x4\.relaxed_madd [^\n]*\)\)/g, "").length).toBeLessThan(wat.length);
  });
});
