/** The assembled variants of wasm/gemm-kernel.wat, and the relaxed-SIMD probe. */
export interface GemmKernelBinaries {
  /** mul + add (SIMD128), importing shared memory (worker threads). */
  shared: Uint8Array;
  /** mul + add, importing unshared memory (no SharedArrayBuffer). */
  unshared: Uint8Array;
  /** Fused multiply-add (relaxed SIMD), shared memory. */
  fusedShared: Uint8Array;
  /** Fused multiply-add, unshared memory. */
  fusedUnshared: Uint8Array;
  /** The ops kernels (wasm/ops-kernel.wat), shared memory. */
  opsShared: Uint8Array;
  /** The ops kernels, unshared memory. */
  opsUnshared: Uint8Array;
  /** The Winograd tile transforms (wasm/winograd-kernel.wat), shared memory. */
  winogradShared: Uint8Array;
  /** The Winograd tile transforms, unshared memory. */
  winogradUnshared: Uint8Array;
  /** The streaming kernels (wasm/elementwise-kernel.wat), shared memory. */
  elementwiseShared: Uint8Array;
  /** The streaming kernels, unshared memory. */
  elementwiseUnshared: Uint8Array;
  /** A tiny module that uses f32x4.relaxed_madd, for feature detection. */
  relaxedSimdProbe: Uint8Array;
}

/** The FMA form of the kernel text (each acc + x·y as f32x4.relaxed_madd). */
export function fusedMultiplyAddText(watText: string): string;

/** Assembles the gemm kernel's WebAssembly text with wabt into every variant. */
export function assembleGemmKernel(watText: string, opsWatText: string, winogradWatText: string, elementwiseWatText: string): Promise<GemmKernelBinaries>;

/** The TypeScript module (src/gemm/gemm-kernel-binary.ts) that carries the binaries as base64. */
export function gemmKernelModuleSource(binaries: GemmKernelBinaries): string;
