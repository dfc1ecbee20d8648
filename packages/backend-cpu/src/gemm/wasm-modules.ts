import {
  elementwiseKernelSharedBase64,
  elementwiseKernelUnsharedBase64,
  gemmKernelFusedSharedBase64,
  gemmKernelFusedUnsharedBase64,
  gemmKernelSharedBase64,
  gemmKernelUnsharedBase64,
  opsKernelSharedBase64,
  opsKernelUnsharedBase64,
  relaxedSimdProbeBase64,
  winogradKernelSharedBase64,
  winogradKernelUnsharedBase64,
} from "./gemm-kernel-binary.js";

/**
 * The WebAssembly microkernels: `fma` fuses each multiply-add (relaxed SIMD's
 * f32x4.relaxed_madd: one vfmadd231ps on x86 with FMA, mul + add where the CPU has none);
 * `simd128` is mul + add, which rounds identically on every engine.
 */
export type WasmKernel = "fma" | "simd128";

/**
 * The modules of memory-bound kernels that WasmGemm.runOpsJob runs: `ops` (wasm/ops-kernel.wat: LRN,
 * max pooling, im2col/col2im), `winograd` (wasm/winograd-kernel.wat: the tile transforms) and
 * `elementwise` (wasm/elementwise-kernel.wat: chunk copies and epilogues, ReLU gradient, channel
 * sums, SGD, batch normalization).
 */
export type OpsModule = "ops" | "winograd" | "elementwise";

/** A module of the memory: one of the gemm kernels or of the ops modules. */
export type KernelModule = WasmKernel | OpsModule;

/** The export of wasm/gemm-kernel.wat and wasm/ops-kernel.wat used from here. */
interface KernelExports {
  run(job: number, scratch: number): void;
}

/** One compiled kernel module and its instance over the shared memory (the caller's). */
export interface CompiledKernel {
  module: WebAssembly.Module;
  exports: KernelExports;
}

/** Every module compiled over one memory: mul + add and the ops modules always, the fused gemm where relaxed SIMD validates. */
export interface KernelSet {
  simd128: CompiledKernel;
  fma?: CompiledKernel;
  ops: CompiledKernel;
  winograd: CompiledKernel;
  elementwise: CompiledKernel;
}

/** The memory every module imports, and the most bytes it can grow to. */
export interface KernelMemory {
  memory: WebAssembly.Memory;
  maximumBytes: number;
}

// Tried in order: 4 GiB (all a 32-bit memory can address) so tensors can live
// here too, then less where an engine will not reserve that much.
const maximumPagesChoices = [65536, 16384, 4096];

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Whether this engine validates relaxed SIMD (Node ≥ 22, Chromium ≥ 114; Node 20 with --experimental-wasm-relaxed-simd). */
export function hasRelaxedSimd(): boolean {
  try {
    return typeof WebAssembly !== "undefined" && WebAssembly.validate(decodeBase64(relaxedSimdProbeBase64));
  } catch {
    return false;
  }
}

/** Whether worker threads could share a memory here (SharedArrayBuffer and Atomics exist). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer !== "undefined" && typeof Atomics !== "undefined";
}

/** The largest memory this engine will reserve, or undefined when it reserves none. */
function createMemory(shared: boolean): KernelMemory | undefined {
  for (const maximum of maximumPagesChoices) {
    try {
      return { memory: new WebAssembly.Memory({ initial: 32, maximum, shared }), maximumBytes: maximum * 65536 };
    } catch {
      // Try a smaller reservation.
    }
  }
  return undefined;
}

/**
 * Makes the memory and compiles and instantiates every kernel over it; undefined where
 * WebAssembly SIMD (or the memory) is unavailable. Throws where compiling fails unexpectedly.
 */
export function compileKernels(shared: boolean): { kernels: KernelSet; memory: KernelMemory } | undefined {
  const bytes = decodeBase64(shared ? gemmKernelSharedBase64 : gemmKernelUnsharedBase64);
  if (!WebAssembly.validate(bytes)) return undefined;
  const memory = createMemory(shared);
  if (memory === undefined) return undefined;
  const compile = (moduleBytes: Uint8Array<ArrayBuffer>): CompiledKernel => {
    const module = new WebAssembly.Module(moduleBytes);
    return { module, exports: new WebAssembly.Instance(module, { env: { memory: memory.memory } }).exports as unknown as KernelExports };
  };
  const simd128 = compile(bytes);
  const fusedBytes = decodeBase64(shared ? gemmKernelFusedSharedBase64 : gemmKernelFusedUnsharedBase64);
  const fma = hasRelaxedSimd() && WebAssembly.validate(fusedBytes) ? compile(fusedBytes) : undefined;
  const ops = compile(decodeBase64(shared ? opsKernelSharedBase64 : opsKernelUnsharedBase64));
  const winograd = compile(decodeBase64(shared ? winogradKernelSharedBase64 : winogradKernelUnsharedBase64));
  const elementwise = compile(decodeBase64(shared ? elementwiseKernelSharedBase64 : elementwiseKernelUnsharedBase64));
  return { kernels: { simd128, ...(fma !== undefined && { fma }), ops, winograd, elementwise }, memory };
}

/** The modules in the order the workers instantiate them (a job names one by its index here). */
export function kernelOrder(kernels: KernelSet): KernelModule[] {
  return kernels.fma === undefined ? ["simd128", "ops", "winograd", "elementwise"] : ["simd128", "fma", "ops", "winograd", "elementwise"];
}

/** The compiled `kernel`; throws where this engine lacks it. */
export function compiledKernel(kernels: KernelSet, kernel: KernelModule): CompiledKernel {
  const compiled = kernels[kernel];
  if (compiled === undefined) throw new Error(`gemm: the ${kernel} kernel is not available in this engine`);
  return compiled;
}
