/**
 * The matrix multiply at the heart of the CPU backend: convolutions (im2col),
 * fully connected layers and all their gradients reduce to it.
 *
 * Paths, fastest first, chosen per call:
 * - WebAssembly SIMD128 (4×8 f32x4 microkernel, packed panels), on the caller
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
import { WasmGemm } from "./wasm-gemm.js";
import { workerEnvironment, workersUnavailableReason } from "./worker-environment.js";

export type { GemmParams } from "./gemm-params.js";

/** Settings of {@link configureGemm}. */
export interface GemmConfiguration {
  /** Threads to use for large problems, the caller included (default: the machine's cores in Node, navigator.hardwareConcurrency (at most 8) where a browser allows workers, 1 elsewhere). */
  threads?: number;
  /** Use the WebAssembly SIMD kernel when available (default true); false forces the TypeScript path. */
  simd?: boolean;
}

// Below this many multiply-adds the plain loop wins over packing.
const naiveMaximumMultiplyAdds = 4096;
// Below this many flops waking the workers (tens of µs) costs more than it saves.
const threadedMinimumFlops = 1 << 22;

function defaultThreads(): number {
  return workerEnvironment()?.defaultThreads() ?? 1;
}

let configuration: Required<GemmConfiguration> | undefined;
// undefined: not tried yet; null: WebAssembly SIMD unavailable here.
let wasm: WasmGemm | null | undefined;

function settings(): Required<GemmConfiguration> {
  configuration ??= { threads: defaultThreads(), simd: true };
  return configuration;
}

function wasmEngine(): WasmGemm | null {
  if (wasm === undefined) wasm = WasmGemm.create() ?? null;
  return wasm;
}

/** Chooses threads and SIMD; takes effect on the next call. */
export function configureGemm(options: GemmConfiguration): void {
  const current = settings();
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new RangeError(`configureGemm: threads must be a positive integer, got ${options.threads}`);
  }
  configuration = { threads: options.threads ?? current.threads, simd: options.simd ?? current.simd };
}

/**
 * Compiles the WebAssembly kernel and starts the worker threads now rather
 * than on the first large call. Optional: `gemm` does the same lazily.
 */
export async function initializeGemm(): Promise<void> {
  const { simd, threads } = settings();
  if (simd) await wasmEngine()?.prepareThreads(threads);
}

/** What large multiplies run on, e.g. "wasm SIMD128, 2 threads". Starts the workers if needed. */
export function gemmInfo(): string {
  const { simd, threads } = settings();
  const engine = simd ? wasmEngine() : null;
  if (engine === null) return "TypeScript (blocked 4×4), 1 thread";
  const usable = engine.availableThreads(threads);
  const why = usable === 1 && threads > 1 ? workersUnavailableReason() : undefined;
  return `wasm SIMD128, ${usable} thread${usable === 1 ? "" : "s"}${why === undefined ? "" : ` (single thread: ${why})`}`;
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
  const engine = settings().simd ? wasmEngine() : null;
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
  const { simd, threads } = settings();
  const engine = simd ? wasmEngine() : null;
  if (engine === null) {
    gemmBlocked(resolved);
    return;
  }
  engine.multiply(resolved, 2 * multiplyAdds >= threadedMinimumFlops ? threads : 1);
}
