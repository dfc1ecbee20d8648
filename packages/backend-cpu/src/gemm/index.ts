/**
 * The matrix multiply at the heart of the CPU backend: convolutions (im2col),
 * fully connected layers and all their gradients reduce to it.
 *
 * Paths, fastest first, chosen per call:
 * - WebAssembly with fused multiply-adds (relaxed SIMD's f32x4.relaxed_madd, where the engine
 *   validates it: Node ≥ 22, Chromium ≥ 114), else SIMD128 mul + add — the same 4×8 microkernel
 *   and packed panels either way — on the caller
 *   plus a persistent pool of worker threads over shared wasm memory when the
 *   problem is large enough and the environment allows (Node ≥ 20.16, or a
 *   browser's Web Worker in a cross-origin isolated page: worker-environment.ts);
 * - the same kernel on the caller thread alone (small problems; a browser's main
 *   thread or a page that is not cross-origin isolated);
 * - cache- and register-blocked TypeScript where WebAssembly SIMD is absent;
 * - a plain loop for tiny problems, where packing costs more than it saves.
 */
import { gemmBlocked } from "./gemm-blocked.js";
import { gemmNaive } from "./gemm-naive.js";
import { clearUnlessAccumulating, resolveGemm, type GemmParams } from "./gemm-params.js";
import { WasmGemm, type WasmKernel } from "./wasm-gemm.js";
import { workerEnvironment, workersUnavailableReason } from "./worker-environment.js";

export type { GemmParams } from "./gemm-params.js";

/**
 * The large products' kernel: `fma` (WebAssembly relaxed SIMD, fused multiply-add), `simd128`
 * (WebAssembly SIMD mul + add), `typescript` (the blocked TypeScript gemm); `auto`: the first
 * of these the engine has.
 */
export type GemmKernel = "auto" | WasmKernel | "typescript";

/** Every value {@link GemmConfiguration.kernel} takes. */
export const gemmKernels: readonly GemmKernel[] = ["auto", "fma", "simd128", "typescript"];

/** Settings of {@link configureGemm}. */
export interface GemmConfiguration {
  /** Threads to use for large problems, the caller included (default: the machine's cores in Node, navigator.hardwareConcurrency (at most 8) where a browser allows workers, 1 elsewhere). */
  threads?: number;
  /** Which kernel runs (default `auto`); forcing one the engine lacks is an error. */
  kernel?: GemmKernel;
  /** Older switch: false is `kernel: "typescript"`, true is `kernel: "auto"`. */
  simd?: boolean;
}

// Below this many multiply-adds the plain loop wins over packing.
const naiveMaximumMultiplyAdds = 4096;
// Below this many flops waking the workers (tens of µs) costs more than it saves.
const threadedMinimumFlops = 1 << 22;

function defaultThreads(): number {
  return workerEnvironment()?.defaultThreads() ?? 1;
}

let configuration: { threads: number; kernel: GemmKernel } | undefined;
// undefined: not tried yet; null: WebAssembly SIMD unavailable here.
let wasm: WasmGemm | null | undefined;

function settings(): { threads: number; kernel: GemmKernel } {
  configuration ??= { threads: defaultThreads(), kernel: "auto" };
  return configuration;
}

function wasmEngine(): WasmGemm | null {
  if (wasm === undefined) wasm = WasmGemm.create() ?? null;
  return wasm;
}

/** The kernel that runs under `kernel`: auto resolved to the best the engine has. */
function resolveKernel(kernel: GemmKernel): WasmKernel | "typescript" {
  if (kernel === "typescript") return "typescript";
  const engine = wasmEngine();
  if (engine === null) return "typescript";
  if (kernel === "auto") return engine.hasFusedKernel ? "fma" : "simd128";
  return kernel;
}

/** Which kernel large products run on now: "fma", "simd128" or "typescript". */
export function activeGemmKernel(): WasmKernel | "typescript" {
  return resolveKernel(settings().kernel);
}

// Forcing a kernel the engine lacks fails here, in one line, rather than silently running another.
function checkKernel(kernel: GemmKernel): void {
  if (!gemmKernels.includes(kernel)) throw new RangeError(`configureGemm: kernel must be one of ${gemmKernels.join(", ")}, got ${String(kernel)}`);
  if (kernel === "simd128" && wasmEngine() === null) throw new RangeError("configureGemm: kernel simd128 needs WebAssembly SIMD, which this engine lacks; use auto or typescript");
  if (kernel === "fma" && wasmEngine()?.hasFusedKernel !== true) {
    throw new RangeError("configureGemm: kernel fma needs WebAssembly relaxed SIMD (Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd; Chromium ≥ 114); use auto or simd128");
  }
}

/** Chooses threads and the kernel; takes effect on the next call. */
export function configureGemm(options: GemmConfiguration): void {
  const current = settings();
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new RangeError(`configureGemm: threads must be a positive integer, got ${options.threads}`);
  }
  const kernel = options.kernel ?? (options.simd === undefined ? current.kernel : options.simd ? "auto" : "typescript");
  checkKernel(kernel);
  configuration = { threads: options.threads ?? current.threads, kernel };
}

/**
 * Compiles the WebAssembly kernel and starts the worker threads now rather
 * than on the first large call. Optional: `gemm` does the same lazily.
 */
export async function initializeGemm(): Promise<void> {
  const kernel = activeGemmKernel();
  if (kernel !== "typescript") await wasmEngine()?.prepareThreads(settings().threads);
}

const kernelNames = { fma: "wasm relaxed-SIMD FMA", simd128: "wasm SIMD128" } as const;

/** What large multiplies run on, e.g. "wasm relaxed-SIMD FMA, 2 threads" or "wasm SIMD128, 1 thread". Starts the workers if needed. */
export function gemmInfo(): string {
  const kernel = activeGemmKernel();
  const engine = kernel === "typescript" ? null : wasmEngine();
  if (kernel === "typescript" || engine === null) return "TypeScript (blocked 4×4), 1 thread";
  const threads = settings().threads;
  const usable = engine.availableThreads(threads);
  const why = usable === 1 && threads > 1 ? workersUnavailableReason() : undefined;
  return `${kernelNames[kernel]}, ${usable} thread${usable === 1 ? "" : "s"}${why === undefined ? "" : ` (single thread: ${why})`}`;
}

/**
 * A zero-filled array of `length` floats that gemm reads and writes in place
 * (it lives in the WebAssembly memory), so operands allocated here skip the
 * copies into and out of wasm memory. Undefined where the WebAssembly path
 * is off or unavailable, its memory is not shared, or it is full (4 GiB at
 * most, the last 256 MiB kept for staging): allocate normally then.
 * `{ zeroFilled: false }` skips clearing a reused block (for arrays the
 * caller overwrites entirely).
 */
export function allocateGemmArray(length: number, options: { zeroFilled?: boolean } = {}): Float32Array | undefined {
  const engine = activeGemmKernel() === "typescript" ? null : wasmEngine();
  return engine?.allocateArray(length, options.zeroFilled ?? true);
}

/** Gives back an array from {@link allocateGemmArray} for reuse; nothing may use it afterwards. */
export function releaseGemmArray(array: Float32Array): void {
  wasm?.releaseArray(array);
}

/** Stops the worker threads (they never keep the process alive; this frees them early). Arrays stay valid. */
export async function closeGemm(): Promise<void> {
  await wasm?.close();
}

/** C[M×N] (+)= op(A)[M×K] · op(B)[K×N]; row-major with leading dimensions; synchronous. */
export function gemm(params: GemmParams): void {
  const resolved = resolveGemm(params);
  const { m, n, k } = resolved;
  if (m === 0 || n === 0) return;
  if (k === 0) {
    clearUnlessAccumulating(resolved);
    return;
  }
  const multiplyAdds = m * n * k;
  if (multiplyAdds <= naiveMaximumMultiplyAdds) {
    gemmNaive(resolved);
    return;
  }
  const kernel = activeGemmKernel();
  const engine = wasmEngine();
  if (kernel === "typescript" || engine === null) {
    gemmBlocked(resolved);
    return;
  }
  engine.multiply(resolved, 2 * multiplyAdds >= threadedMinimumFlops ? settings().threads : 1, { kernel });
}

/**
 * The WebAssembly engine for the ops kernels (wasm/ops-kernel.wat) and the threads they may use,
 * or undefined where they are off (`configureGemm({ kernel: "typescript" })`, or no WebAssembly SIMD).
 */
export function wasmOpsEngine(): { engine: WasmGemm; threads: number } | undefined {
  if (activeGemmKernel() === "typescript") return undefined;
  const engine = wasmEngine();
  return engine === null ? undefined : { engine, threads: settings().threads };
}
