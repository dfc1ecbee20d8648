/** Both assembled variants of wasm/gemm-kernel.wat. */
export interface GemmKernelBinaries {
  /** Imports shared memory (worker threads). */
  shared: Uint8Array;
  /** Imports unshared memory (no SharedArrayBuffer). */
  unshared: Uint8Array;
}

/** Assembles the gemm kernel's WebAssembly text with wabt into both variants. */
export function assembleGemmKernel(watText: string): Promise<GemmKernelBinaries>;

/** The TypeScript module (src/gemm/gemm-kernel-binary.ts) that carries both binaries as base64. */
export function gemmKernelModuleSource(binaries: GemmKernelBinaries): string;
