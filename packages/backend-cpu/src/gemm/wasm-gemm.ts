import { controlSlots, dataAddress, jobAddress, jobField, maximumThreads } from "./control-block.js";
import {
  gemmKernelFusedSharedBase64,
  gemmKernelFusedUnsharedBase64,
  gemmKernelSharedBase64,
  gemmKernelUnsharedBase64,
  opsKernelSharedBase64,
  opsKernelUnsharedBase64,
  relaxedSimdProbeBase64,
} from "./gemm-kernel-binary.js";
import { gemmBlocked } from "./gemm-blocked.js";
import { clearUnlessAccumulating, type ResolvedGemm } from "./gemm-params.js";
import { WasmArena } from "./wasm-arena.js";
import { workerEnvironment } from "./worker-environment.js";
import { WorkerPool } from "./worker-pool.js";

/** The exports of wasm/gemm-kernel.wat used from here. */
interface KernelExports {
  run(job: number, packingBuffer: number): void;
}

/**
 * The WebAssembly microkernels: `fma` fuses each multiply-add (relaxed SIMD's
 * f32x4.relaxed_madd: one vfmadd231ps on x86 with FMA, mul + add where the CPU has none);
 * `simd128` is mul + add, which rounds identically on every engine.
 */
export type WasmKernel = "fma" | "simd128";

/** One compiled kernel module and its instance over the shared memory (the caller's). */
interface CompiledKernel {
  module: WebAssembly.Module;
  exports: KernelExports;
}

/** Whether this engine validates relaxed SIMD (Node ≥ 22, Chromium ≥ 114; Node 20 with --experimental-wasm-relaxed-simd). */
export function hasRelaxedSimd(): boolean {
  try {
    return typeof WebAssembly !== "undefined" && WebAssembly.validate(decodeBase64(relaxedSimdProbeBase64));
  } catch {
    return false;
  }
}

// Tried in order: 4 GiB (all a 32-bit memory can address) so tensors can live
// here too, then less where an engine will not reserve that much.
const maximumPagesChoices = [65536, 16384, 4096];
// Larger problems are split into pieces that each stage at most this many
// floats (128 MiB).
const stagingBudgetFloats = 1 << 25;
// K block: a 4×kc strip of A and a kc×8 panel of B (4 + 8 KiB) stay in L1.
const kcMax = 256;
// M block: an mc×kc block of A (≤ 384 KiB) stays in L2.
const mcMax = 384;
// N block: the unit of work handed to a thread (and its packing buffer).
const ncMax = 1024;
const ncMin = 32;
// After each thread's packing buffers: the 4×8 tile where edge tiles are computed.
const edgeTileBytes = 128;

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

// Bytes of the memory that arrays kept there may not take, so that staging and packing buffers
// (at most 128 MiB of staging plus a few MiB per thread) still fit when arrays fill the rest.
const stagingReserveBytes = 256 * 1024 * 1024;

function createMemory(shared: boolean): { memory: WebAssembly.Memory; maximumBytes: number } | undefined {
  for (const maximum of maximumPagesChoices) {
    try {
      return { memory: new WebAssembly.Memory({ initial: 32, maximum, shared }), maximumBytes: maximum * 65536 };
    } catch {
      // Try a smaller reservation.
    }
  }
  return undefined;
}

/** How one call is cut into tasks. */
interface JobPlan {
  /** M < 4: each row of A sweeps B unpacked (matrix–vector shapes are memory-bound; packing B would double the traffic). */
  rows: boolean;
  threads: number;
  mc: number;
  nc: number;
  kc: number;
  mBlocks: number;
  nBlocks: number;
}

/** Where one operand lives in wasm memory for the duration of a call. */
interface Placement {
  address: number;
  leading: number;
  /** Whether it was copied into the staging area (C must then be copied back). */
  staged: boolean;
}

/**
 * The WebAssembly SIMD128 matrix multiply. Operands that live in the wasm
 * memory (see {@link WasmGemm.allocateArray}) are used in place; others are
 * copied into a staging area first. The wasm `run` function packs B panels
 * and sweeps the 4×8 microkernel over the job's tasks, on the caller alone
 * or on the caller plus a persistent pool of worker threads sharing the memory.
 */
export class WasmGemm {
  private heap: Float32Array;
  // The job descriptor (Int32 view of the start of the memory).
  private readonly control: Int32Array;
  private readonly arena: WasmArena;
  private pool: WorkerPool | undefined;
  private poolFailed = false;
  private staging = { address: 0, bytes: 0 };

  private constructor(
    private readonly kernels: { simd128: CompiledKernel; fma?: CompiledKernel; ops: CompiledKernel },
    private readonly memory: WebAssembly.Memory,
    /** Whether the memory is shared, so worker threads can join in. */
    readonly shared: boolean,
    /** Most bytes the memory can grow to. */
    private readonly maximumBytes: number,
  ) {
    this.heap = new Float32Array(memory.buffer);
    this.control = new Int32Array(memory.buffer, 0, dataAddress / 4);
    this.arena = new WasmArena(memory);
  }

  /**
   * Compiles and instantiates the kernels over one memory: mul + add always, the fused one where
   * relaxed SIMD validates; undefined where WebAssembly SIMD is unavailable.
   */
  static create(): WasmGemm | undefined {
    if (typeof WebAssembly === "undefined") return undefined;
    const shared = typeof SharedArrayBuffer !== "undefined" && typeof Atomics !== "undefined";
    try {
      const bytes = decodeBase64(shared ? gemmKernelSharedBase64 : gemmKernelUnsharedBase64);
      if (!WebAssembly.validate(bytes)) return undefined;
      const created = createMemory(shared);
      if (created === undefined) return undefined;
      const { memory, maximumBytes } = created;
      const compile = (moduleBytes: Uint8Array<ArrayBuffer>): CompiledKernel => {
        const module = new WebAssembly.Module(moduleBytes);
        return { module, exports: new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports };
      };
      const simd128 = compile(bytes);
      const fusedBytes = decodeBase64(shared ? gemmKernelFusedSharedBase64 : gemmKernelFusedUnsharedBase64);
      const fma = hasRelaxedSimd() && WebAssembly.validate(fusedBytes) ? compile(fusedBytes) : undefined;
      const ops = compile(decodeBase64(shared ? opsKernelSharedBase64 : opsKernelUnsharedBase64));
      return new WasmGemm({ simd128, ...(fma !== undefined && { fma }), ops }, memory, shared, maximumBytes);
    } catch {
      return undefined;
    }
  }

  /** Whether the fused multiply-add kernel runs here. */
  get hasFusedKernel(): boolean {
    return this.kernels.fma !== undefined;
  }

  private compiled(kernel: WasmKernel | "ops"): CompiledKernel {
    const compiled = this.kernels[kernel];
    if (compiled === undefined) throw new Error(`gemm: the ${kernel} kernel is not available in this engine`);
    return compiled;
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
    const block = this.arena.allocateBlock(length * 4, this.maximumBytes - stagingReserveBytes);
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

  /**
   * Runs one job of the ops module (wasm/ops-kernel.wat) on `threads` threads (caller
   * included), each with `scratchBytes` of scratch: `writeJob` fills the job's fields (Int32 and
   * Float32 views of the job descriptor; the next-task counter is reset here). False when the
   * memory has no room for the scratch: the caller then computes in TypeScript.
   */
  runOpsJob(writeJob: (integers: Int32Array, floats: Float32Array) => void, threads: number, scratchBytes: number): boolean {
    const usable = this.availableThreads(threads);
    const perThread = roundUp(Math.max(scratchBytes, 16), 64);
    const base = this.reserveStaging(usable * perThread);
    if (base === undefined) return false;
    const buffer = this.arena.buffer;
    writeJob(new Int32Array(buffer, jobAddress, 32), new Float32Array(buffer, jobAddress, 32));
    Atomics.store(this.control, jobAddress / 4 + jobField.nextTask, 0);
    const { exports } = this.compiled("ops");
    const run = () => exports.run(jobAddress, base);
    if (usable > 1 && this.pool !== undefined) {
      for (let thread = 1; thread < usable; thread++) this.pool.setPackingBuffer(thread, base + thread * perThread);
      this.pool.runJob(run, this.kernelOrder.indexOf("ops"));
    } else run();
    return true;
  }

  /** Whether `array` lives in the wasm memory, so gemm uses it in place. */
  holds(array: Float32Array): boolean {
    return this.arena.addressOf(array) !== undefined;
  }

  // The modules in the order the workers instantiate them (a job names one by index).
  private get kernelOrder(): (WasmKernel | "ops")[] {
    return this.kernels.fma === undefined ? ["simd128", "ops"] : ["simd128", "fma", "ops"];
  }

  /** Threads (caller included) the next call with this many requested threads would use. */
  availableThreads(requested: number): number {
    const wanted = Math.min(requested, maximumThreads);
    if (wanted <= 1 || !this.shared || this.poolFailed) return 1;
    if (this.pool !== undefined && this.pool.size === wanted - 1) return wanted;
    // A browser starts its workers only asynchronously (prepareThreads); until then the caller works alone.
    if (workerEnvironment()?.startsWhileBlocked === false) return this.pool === undefined ? 1 : Math.min(wanted, this.pool.size + 1);
    void this.close();
    const controlAddress = this.arena.allocate(controlSlots * 4);
    const modules = this.kernelOrder.map((kernel) => this.compiled(kernel).module);
    this.pool = controlAddress === undefined ? undefined : WorkerPool.start(modules, this.memory, wanted - 1, controlAddress);
    if (this.pool === undefined) this.poolFailed = true;
    return this.pool === undefined ? 1 : wanted;
  }

  /** Starts the workers for `requested` threads by waiting asynchronously (as browsers need); resolves to the threads usable. */
  async prepareThreads(requested: number): Promise<number> {
    const wanted = Math.min(requested, maximumThreads);
    if (wanted <= 1 || !this.shared || this.poolFailed) return 1;
    if (this.pool !== undefined && this.pool.size === wanted - 1) return wanted;
    await this.close();
    const controlAddress = this.arena.allocate(controlSlots * 4);
    const modules = this.kernelOrder.map((kernel) => this.compiled(kernel).module);
    this.pool = controlAddress === undefined ? undefined : await WorkerPool.startAsync(modules, this.memory, wanted - 1, controlAddress);
    if (this.pool === undefined) this.poolFailed = true;
    return this.pool === undefined ? 1 : wanted;
  }

  /** Stops the worker threads (a later threaded call starts new ones); the memory and its arrays stay. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    // The control block is not reused: a worker of this pool may still read it.
    await pool?.close();
  }

  /**
   * C (+)= op(A)·op(B) on `threads` threads (1: the caller alone).
   * `workersOnly` (for tests): the caller takes no tasks but waits for the
   * workers to take them all, proving that the workers compute.
   */
  multiply(params: ResolvedGemm, threads: number, options: { workersOnly?: boolean; kernel?: WasmKernel } = {}): void {
    const { m, n, k } = params;
    if (m === 0 || n === 0) return;
    if (k === 0) {
      clearUnlessAccumulating(params);
      return;
    }
    const kernel = options.kernel ?? "simd128";
    const usable = this.availableThreads(threads);
    const plan = this.plan(m, n, k, usable);
    const stagedFloats = this.stagedFloats(params, plan);
    if (stagedFloats > stagingBudgetFloats && this.split(params, usable, options)) return;
    const base = this.reserveStaging(stagedFloats * 4);
    if (base === undefined) {
      // The memory cannot grow (arrays allocated in it fill it): this piece runs in TypeScript.
      gemmBlocked(params);
      return;
    }
    const placements = this.stage(params, plan, base);
    // The caller is thread 0: the first packing buffer is its own.
    const { exports } = this.compiled(kernel);
    const run = () => exports.run(jobAddress, base);
    if (plan.threads > 1 && this.pool !== undefined) {
      this.pool.runJob(options.workersOnly === true ? () => this.waitUntilTasksTaken(plan) : run, this.kernelOrder.indexOf(kernel));
    } else run();
    if (placements.c.staged) {
      const { c, cOffset, ldc } = params;
      const from = placements.c.address / 4;
      for (let i = 0; i < m; i++) c.set(this.heap.subarray(from + i * n, from + (i + 1) * n), cOffset + i * ldc);
    }
  }

  private waitUntilTasksTaken(plan: JobPlan): void {
    const slot = jobAddress / 4 + jobField.nextTask;
    const tasks = plan.mBlocks * plan.nBlocks;
    const deadline = Date.now() + 20_000;
    // The wasm side takes tasks with atomics but never notifies: poll.
    for (let taken = Atomics.load(this.control, slot); taken < tasks; taken = Atomics.load(this.control, slot)) {
      if (Date.now() > deadline) throw new Error(`gemm: the workers took ${taken} of ${tasks} tasks in 20 s`);
      Atomics.wait(this.control, slot, taken, 1);
    }
  }

  // Cuts a problem too large to stage at once in two along its largest
  // dimension; the second half of a K split accumulates onto the first.
  private split(params: ResolvedGemm, threads: number, options: { workersOnly?: boolean; kernel?: WasmKernel }): boolean {
    const { m, n, k, transposeA, transposeB, lda, ldb, ldc } = params;
    if (n >= m && n >= 16) {
      const first = roundUp(n / 2, 8);
      this.multiply({ ...params, n: first }, threads, options);
      this.multiply(
        { ...params, n: n - first, bOffset: params.bOffset + first * (transposeB ? ldb : 1), cOffset: params.cOffset + first },
        threads,
        options,
      );
      return true;
    }
    if (m >= 8) {
      const first = roundUp(m / 2, 4);
      this.multiply({ ...params, m: first }, threads, options);
      this.multiply(
        { ...params, m: m - first, aOffset: params.aOffset + first * (transposeA ? 1 : lda), cOffset: params.cOffset + first * ldc },
        threads,
        options,
      );
      return true;
    }
    if (k >= 2) {
      const first = Math.ceil(k / 2);
      this.multiply({ ...params, k: first }, threads, options);
      this.multiply(
        {
          ...params,
          k: k - first,
          aOffset: params.aOffset + first * (transposeA ? lda : 1),
          bOffset: params.bOffset + first * (transposeB ? 1 : ldb),
          accumulate: true,
        },
        threads,
        options,
      );
      return true;
    }
    return false;
  }

  private plan(m: number, n: number, k: number, threads: number): JobPlan {
    if (m < 4) {
      // Column blocks of 16 (the row kernel's width), about four per thread.
      const nc = roundUp(Math.ceil(n / (threads > 1 ? 4 * threads : 1)), 16);
      return { rows: true, threads, mc: m, nc, kc: 0, mBlocks: 1, nBlocks: Math.ceil(n / nc) };
    }
    const kc = Math.ceil(k / Math.ceil(k / kcMax));
    let mBlocks = Math.ceil(m / mcMax);
    let nBlocks = Math.ceil(n / ncMax);
    if (threads > 1) {
      // About four tasks per thread, so a thread slowed by other load hands work to the rest.
      const wanted = 4 * threads;
      nBlocks = Math.max(nBlocks, Math.min(Math.ceil(n / ncMin), Math.ceil(wanted / mBlocks)));
      if (mBlocks * nBlocks < wanted) mBlocks = Math.max(mBlocks, Math.min(Math.ceil(m / 4), Math.ceil(wanted / nBlocks)));
    }
    const mc = roundUp(Math.ceil(m / mBlocks), 4);
    const nc = roundUp(Math.ceil(n / nBlocks), 8);
    return { rows: false, threads, mc, nc, kc, mBlocks: Math.ceil(m / mc), nBlocks: Math.ceil(n / nc) };
  }

  // Per thread: packed B (kc×nc), packed A (mc×kc), then the edge tile.
  private packingBufferBytes(plan: JobPlan): number {
    return plan.kc * plan.nc * 4 + plan.mc * plan.kc * 4 + edgeTileBytes;
  }

  // Floats of the staging area: packing buffers, then A, B and C where they are not in wasm memory already.
  private stagedFloats(params: ResolvedGemm, plan: JobPlan): number {
    const { m, n, k } = params;
    let floats = (plan.threads * this.packingBufferBytes(plan)) / 4;
    if (this.arena.addressOf(params.a) === undefined || (plan.rows && params.transposeA)) floats += roundUp(m * k, 16);
    if (this.arena.addressOf(params.b) === undefined) floats += roundUp(k * n, 16);
    if (this.arena.addressOf(params.c) === undefined) floats += roundUp(m * n, 16);
    return floats;
  }

  // One staging block, grown (never shrunk) to the largest call seen; undefined when the memory is full.
  private reserveStaging(bytes: number): number | undefined {
    if (bytes > this.staging.bytes) {
      const previous = this.staging.bytes;
      if (previous > 0) this.arena.release(this.staging.address, previous);
      this.staging = { address: 0, bytes: 0 };
      // Room to grow into (up to doubling), else just what this call needs.
      for (const size of [Math.max(bytes, Math.min(2 * previous, stagingBudgetFloats * 4)), bytes]) {
        const address = this.arena.allocate(size);
        if (address !== undefined) {
          this.staging = { address, bytes: size };
          break;
        }
      }
      if (this.staging.bytes === 0) return undefined;
    }
    if (this.heap.buffer !== this.arena.buffer) this.heap = new Float32Array(this.arena.buffer);
    return this.staging.address;
  }

  // Copies `rows` rows of `width` floats, `leading` apart, to dense rows at `target` (a float index).
  private copyIn(source: Float32Array, offset: number, leading: number, rows: number, width: number, target: number): void {
    if (leading === width) this.heap.set(source.subarray(offset, offset + rows * width), target);
    else for (let row = 0; row < rows; row++) this.heap.set(source.subarray(offset + row * leading, offset + row * leading + width), target + row * width);
  }

  private place(
    array: Float32Array,
    offset: number,
    leading: number,
    rows: number,
    width: number,
    copy: boolean,
    cursor: { next: number },
  ): Placement {
    const address = this.arena.addressOf(array);
    if (address !== undefined) return { address: address + offset * 4, leading, staged: false };
    const target = cursor.next;
    cursor.next += roundUp(rows * width, 16) * 4;
    if (copy) this.copyIn(array, offset, leading, rows, width, target / 4);
    return { address: target, leading: width, staged: true };
  }

  // The row kernel wants op(A) row-major: a transposed A (K×M, M < 4) is copied as M×K.
  private stageTransposed(params: ResolvedGemm, cursor: { next: number }): Placement {
    const { m, k, a, aOffset, lda } = params;
    const target = cursor.next / 4;
    cursor.next += roundUp(m * k, 16) * 4;
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) this.heap[target + i * k + p] = a[aOffset + p * lda + i];
    return { address: target * 4, leading: k, staged: true };
  }

  private stage(params: ResolvedGemm, plan: JobPlan, base: number): { c: Placement } {
    const { m, n, k, transposeA, transposeB, accumulate } = params;
    const control = this.control;
    const packingBytes = this.packingBufferBytes(plan);
    if (plan.threads > 1) for (let thread = 1; thread < plan.threads; thread++) this.pool?.setPackingBuffer(thread, base + thread * packingBytes);
    const cursor = { next: base + plan.threads * packingBytes };
    const a =
      plan.rows && transposeA
        ? this.stageTransposed(params, cursor)
        : this.place(params.a, params.aOffset, params.lda, transposeA ? k : m, transposeA ? m : k, true, cursor);
    const b = this.place(params.b, params.bOffset, params.ldb, transposeB ? n : k, transposeB ? k : n, true, cursor);
    const c = this.place(params.c, params.cOffset, params.ldc, m, n, accumulate, cursor);
    const job = jobAddress / 4;
    control[job + jobField.m] = m;
    control[job + jobField.n] = n;
    control[job + jobField.k] = k;
    control[job + jobField.a] = a.address;
    control[job + jobField.lda] = a.leading;
    control[job + jobField.transposeA] = transposeA && !plan.rows ? 1 : 0;
    control[job + jobField.mode] = plan.rows ? 1 : 0;
    control[job + jobField.b] = b.address;
    control[job + jobField.ldb] = b.leading;
    control[job + jobField.transposeB] = transposeB ? 1 : 0;
    control[job + jobField.c] = c.address;
    control[job + jobField.ldc] = c.leading;
    control[job + jobField.accumulate] = accumulate ? 1 : 0;
    control[job + jobField.mc] = plan.mc;
    control[job + jobField.nc] = plan.nc;
    control[job + jobField.kc] = plan.kc;
    control[job + jobField.mBlocks] = plan.mBlocks;
    control[job + jobField.nBlocks] = plan.nBlocks;
    // The workers' wake-up (Atomics on the generation slot) orders every write above before their reads.
    Atomics.store(control, job + jobField.nextTask, 0);
    return { c };
  }
}
