import { dataAddress, jobAddress } from "./control-block.js";
import { gemmBlocked } from "./gemm-blocked.js";
import { clearUnlessAccumulating, type ResolvedGemm } from "./gemm-params.js";
import { resetNextTask, waitUntilTasksTaken, writeGemmJob } from "./job-descriptor.js";
import { packingBufferBytes, planJob, roundUp, taskCount } from "./job-plan.js";
import { KernelThreads } from "./kernel-threads.js";
import { splitGemm } from "./split-gemm.js";
import { StagingArea, stagingBudgetFloats } from "./staging.js";
import { WasmArena } from "./wasm-arena.js";
import { canShareMemory, compileKernels, compiledKernel, kernelOrder, type KernelMemory, type KernelModule, type KernelSet, type OpsModule, type WasmKernel } from "./wasm-modules.js";

export { hasRelaxedSimd, type WasmKernel } from "./wasm-modules.js";

// Bytes of the memory that arrays kept there may not take, so that staging and packing buffers
// (at most 128 MiB of staging plus a few MiB per thread) still fit when arrays fill the rest.
const stagingReserveBytes = 256 * 1024 * 1024;

/** Options of {@link WasmGemm.multiply}. */
export interface MultiplyOptions {
  /** For tests: the caller takes no tasks but waits for the workers to take them all, proving that the workers compute. */
  workersOnly?: boolean;
  /** Which gemm kernel runs (default simd128). */
  kernel?: WasmKernel;
}

/**
 * The WebAssembly SIMD128 matrix multiply, and the runner of the ops kernel's jobs. Operands
 * that live in the wasm memory (see {@link WasmGemm.allocateArray}) are used in place; others
 * are copied into a staging area first (staging.ts). The wasm `run` function packs B panels and
 * sweeps the 4×8 microkernel over the job's tasks (job-plan.ts), on the caller alone or on the
 * caller plus a persistent pool of worker threads sharing the memory (kernel-threads.ts).
 */
export class WasmGemm {
  private readonly arena: WasmArena;
  private readonly staging: StagingArea;
  private readonly threads: KernelThreads;
  private readonly order: KernelModule[];
  // The job descriptor (Int32 view of the start of the memory), remade when an unshared memory grows.
  private controlView: Int32Array;

  private constructor(
    private readonly kernels: KernelSet,
    private readonly memory: KernelMemory,
    /** Whether the memory is shared, so worker threads can join in. */
    readonly shared: boolean,
  ) {
    this.arena = new WasmArena(memory.memory);
    this.staging = new StagingArea(this.arena);
    this.order = kernelOrder(kernels);
    this.threads = new KernelThreads(memory.memory, this.arena, this.order.map((kernel) => compiledKernel(kernels, kernel).module), shared);
    this.controlView = new Int32Array(memory.memory.buffer, 0, dataAddress / 4);
  }

  /**
   * Compiles and instantiates the kernels over one memory: mul + add always, the fused one where
   * relaxed SIMD validates; undefined where WebAssembly SIMD is unavailable.
   */
  static create(): WasmGemm | undefined {
    if (typeof WebAssembly === "undefined") return undefined;
    const shared = canShareMemory();
    try {
      const compiled = compileKernels(shared);
      return compiled === undefined ? undefined : new WasmGemm(compiled.kernels, compiled.memory, shared);
    } catch {
      return undefined;
    }
  }

  /** Whether the fused multiply-add kernel runs here. */
  get hasFusedKernel(): boolean {
    return this.kernels.fma !== undefined;
  }

  private get control(): Int32Array {
    if (this.controlView.buffer !== this.arena.buffer) this.controlView = new Int32Array(this.arena.buffer, 0, dataAddress / 4);
    return this.controlView;
  }

  /**
   * A zero-filled array of `length` floats inside the wasm memory, which gemm
   * reads and writes in place (no copies); undefined when the memory is full
   * (arrays leave the last 256 MiB to staging), or not shared: growing an
   * unshared memory detaches its old buffer, and every array made before with it.
   * `zeroFilled: false`: the contents may be anything (a reused block is not cleared).
   */
  allocateArray(length: number, zeroFilled = true): Float32Array | undefined {
    if (!this.shared) return undefined;
    const block = this.arena.allocateBlock(length * 4, this.memory.maximumBytes - stagingReserveBytes);
    if (block === undefined) return undefined;
    const array = new Float32Array(this.arena.buffer, block.address, length);
    // New blocks lie in never-written, zero-filled memory.
    if (zeroFilled && block.reused) array.fill(0);
    return array;
  }

  /** Gives an array from {@link allocateArray} back; nothing may use it afterwards. */
  releaseArray(array: Float32Array): void {
    const address = this.arena.addressOf(array);
    if (address !== undefined) this.arena.release(address, array.length * 4);
  }

  /** The byte address of `array` in the wasm memory, or undefined when it lives elsewhere. */
  addressOf(array: Float32Array): number | undefined {
    return this.arena.addressOf(array);
  }

  /** Whether `array` lives in the wasm memory, so gemm uses it in place. */
  holds(array: Float32Array): boolean {
    return this.arena.addressOf(array) !== undefined;
  }

  /** Threads (caller included) the next call with this many requested threads would use. */
  availableThreads(requested: number): number {
    return this.threads.available(requested);
  }

  /** Starts the workers for `requested` threads by waiting asynchronously (as browsers need); resolves to the threads usable. */
  prepareThreads(requested: number): Promise<number> {
    return this.threads.prepare(requested);
  }

  /** Stops the worker threads (a later threaded call starts new ones); the memory and its arrays stay. */
  close(): Promise<void> {
    return this.threads.close();
  }

  /**
   * Runs one job of an ops module (see {@link OpsModule}) on `threads` threads (caller included),
   * each with `scratchBytes` of scratch: `writeJob` fills the job's fields (Int32, Float32 and
   * Float64 views of the job descriptor; the next-task counter is reset here). False when the
   * memory has no room for the scratch: the caller then computes in TypeScript.
   */
  runOpsJob(
    writeJob: (integers: Int32Array, floats: Float32Array, doubles: Float64Array) => void,
    threads: number,
    scratchBytes: number,
    module: OpsModule = "ops",
  ): boolean {
    const usable = this.availableThreads(threads);
    const bytesPerThread = roundUp(Math.max(scratchBytes, 16), 64);
    const base = this.staging.reserve(usable * bytesPerThread);
    if (base === undefined) return false;
    const buffer = this.arena.buffer;
    writeJob(new Int32Array(buffer, jobAddress, 32), new Float32Array(buffer, jobAddress, 32), new Float64Array(buffer, jobAddress, 16));
    resetNextTask(this.control);
    const { exports } = compiledKernel(this.kernels, module);
    this.threads.run(() => exports.run(jobAddress, base), this.order.indexOf(module), usable, { first: base, bytesPerThread });
    return true;
  }

  /** C (+)= op(A)·op(B) on `threads` threads (1: the caller alone). */
  multiply(params: ResolvedGemm, threads: number, options: MultiplyOptions = {}): void {
    const { m, n, k } = params;
    if (m === 0 || n === 0) return;
    if (k === 0) {
      clearUnlessAccumulating(params);
      return;
    }
    const kernel = options.kernel ?? "simd128";
    const plan = planJob(m, n, k, this.availableThreads(threads));
    const stagedFloats = this.staging.floatsFor(params, plan);
    if (stagedFloats > stagingBudgetFloats && splitGemm(params, (piece) => this.multiply(piece, threads, options))) return;
    const base = this.staging.reserve(stagedFloats * 4);
    if (base === undefined) {
      // The memory cannot grow (arrays allocated in it fill it): this piece runs in TypeScript.
      gemmBlocked(params);
      return;
    }
    const placements = this.staging.placeOperands(params, plan, base);
    const control = this.control;
    writeGemmJob(control, params, plan, placements);
    // The caller is thread 0: the first packing buffer is its own.
    const { exports } = compiledKernel(this.kernels, kernel);
    const workersOnly = options.workersOnly === true && plan.threads > 1;
    const runOnCaller = workersOnly ? () => waitUntilTasksTaken(control, taskCount(plan)) : () => exports.run(jobAddress, base);
    this.threads.run(runOnCaller, this.order.indexOf(kernel), plan.threads, { first: base, bytesPerThread: packingBufferBytes(plan) });
    this.staging.copyOut(params, placements.c);
  }
}
