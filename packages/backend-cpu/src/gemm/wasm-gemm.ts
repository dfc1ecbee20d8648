import { controlSlot, dataAddress, jobAddress, jobField, maximumThreads } from "./control-block.js";
import { gemmKernelSharedBase64, gemmKernelUnsharedBase64 } from "./gemm-kernel-binary.js";
import { clearUnlessAccumulating, type ResolvedGemm } from "./gemm-params.js";
import { WorkerPool } from "./worker-pool.js";

/** The exports of wasm/gemm-kernel.wat. */
interface KernelExports {
  run(job: number, packingBuffer: number): void;
}

const pageBytes = 65536;
// 1 GiB: far above what one call stages (see stagingBudgetFloats), small
// enough to reserve in a browser.
const maximumPages = 16384;
// Larger problems are split into pieces that each stage at most this many
// floats (128 MiB).
const stagingBudgetFloats = 1 << 25;
// K block: a 4×kc panel of A and a kc×8 panel of B (4 + 8 KiB) stay in L1.
const kcMax = 256;
// M block: an mc×kc block of A (≤ 384 KiB) stays in L2.
const mcMax = 384;
// N block: the unit of work handed to a thread (and its packing buffer).
const ncMax = 1024;
const ncMin = 32;

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function sharedMemorySupported(): boolean {
  return typeof SharedArrayBuffer !== "undefined" && typeof Atomics !== "undefined";
}

/** How one call is cut into blocks and where its data lives in wasm memory. */
interface JobPlan {
  threads: number;
  mc: number;
  nc: number;
  kc: number;
  mBlocks: number;
  nBlocks: number;
  packedA: number;
  b: number;
  c: number;
  ldc: number;
  end: number;
}

/**
 * The WebAssembly SIMD128 matrix multiply: operands are staged into wasm
 * memory (B and C copied, A packed into 4-row panels), then the wasm `run`
 * function packs B panels and sweeps the 4×8 microkernel over the tasks of
 * the job, on the caller alone or on the caller plus a persistent pool of
 * worker threads sharing the memory.
 */
export class WasmGemm {
  private heap: Float32Array;
  private readonly control: Int32Array;
  private pool: WorkerPool | undefined;
  private poolFailed = false;

  private constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly exports: KernelExports,
    /** Whether the memory is shared, so worker threads can join in. */
    readonly shared: boolean,
  ) {
    this.heap = new Float32Array(memory.buffer);
    this.control = new Int32Array(memory.buffer, 0, dataAddress / 4);
  }

  /** Compiles and instantiates the kernel; undefined where WebAssembly SIMD is unavailable. */
  static create(): WasmGemm | undefined {
    if (typeof WebAssembly === "undefined") return undefined;
    const shared = sharedMemorySupported();
    try {
      const bytes = decodeBase64(shared ? gemmKernelSharedBase64 : gemmKernelUnsharedBase64);
      if (!WebAssembly.validate(bytes)) return undefined;
      const module = new WebAssembly.Module(bytes);
      const memory = new WebAssembly.Memory({ initial: 64, maximum: maximumPages, shared });
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      return new WasmGemm(module, memory, instance.exports as unknown as KernelExports, shared);
    } catch {
      return undefined;
    }
  }

  /** Threads (caller included) the next call with this many requested threads would use. */
  availableThreads(requested: number): number {
    const wanted = Math.min(requested, maximumThreads);
    if (wanted <= 1 || !this.shared || this.poolFailed) return 1;
    if (this.pool !== undefined && this.pool.size === wanted - 1) return wanted;
    void this.pool?.close();
    this.pool = WorkerPool.start(this.module, this.memory, wanted - 1);
    if (this.pool === undefined) this.poolFailed = true;
    return this.pool === undefined ? 1 : wanted;
  }

  /** Stops the worker threads (the next threaded call starts new ones). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** C (+)= op(A)·op(B) on `threads` threads (1: the caller alone). */
  multiply(params: ResolvedGemm, threads: number): void {
    const { m, n, k } = params;
    if (m === 0 || n === 0) return;
    if (k === 0) {
      clearUnlessAccumulating(params);
      return;
    }
    const usable = this.availableThreads(threads);
    const plan = this.plan(m, n, k, usable);
    if (plan.end - dataAddress > stagingBudgetFloats * 4 && this.split(params, usable)) return;
    this.ensureBytes(plan.end);
    this.stage(params, plan);
    const run = () => this.exports.run(jobAddress, Atomics.load(this.control, controlSlot.firstPackingBuffer));
    if (plan.threads > 1 && this.pool !== undefined) this.pool.runJob(run);
    else run();
    this.unstage(params, plan);
  }

  // Cuts a problem too large to stage at once in two along its largest
  // dimension; the second half of a K split accumulates onto the first.
  private split(params: ResolvedGemm, threads: number): boolean {
    const { m, n, k, transposeA, transposeB, lda, ldb, ldc } = params;
    if (n >= m && n >= 16) {
      const first = roundUp(n / 2, 8);
      this.multiply({ ...params, n: first }, threads);
      this.multiply(
        { ...params, n: n - first, bOffset: params.bOffset + first * (transposeB ? ldb : 1), cOffset: params.cOffset + first },
        threads,
      );
      return true;
    }
    if (m >= 8) {
      const first = roundUp(m / 2, 4);
      this.multiply({ ...params, m: first }, threads);
      this.multiply(
        { ...params, m: m - first, aOffset: params.aOffset + first * (transposeA ? 1 : lda), cOffset: params.cOffset + first * ldc },
        threads,
      );
      return true;
    }
    if (k >= 2) {
      const first = Math.ceil(k / 2);
      this.multiply({ ...params, k: first }, threads);
      this.multiply(
        {
          ...params,
          k: k - first,
          aOffset: params.aOffset + first * (transposeA ? lda : 1),
          bOffset: params.bOffset + first * (transposeB ? 1 : ldb),
          accumulate: true,
        },
        threads,
      );
      return true;
    }
    return false;
  }

  private plan(m: number, n: number, k: number, threads: number): JobPlan {
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
    mBlocks = Math.ceil(m / mc);
    nBlocks = Math.ceil(n / nc);
    const mPadded = roundUp(m, 4);
    const ldc = roundUp(n, 8);
    const packingBytes = kc * nc * 4;
    const packedA = dataAddress + threads * packingBytes;
    const b = packedA + mPadded * k * 4;
    const c = roundUp(b + k * n * 4, 16);
    const end = c + mPadded * ldc * 4;
    return { threads, mc, nc, kc, mBlocks, nBlocks, packedA, b, c, ldc, end };
  }

  private ensureBytes(bytes: number): void {
    const current = this.memory.buffer.byteLength;
    if (current < bytes) this.memory.grow(Math.ceil((bytes - current) / pageBytes));
    if (this.heap.buffer.byteLength !== this.memory.buffer.byteLength) this.heap = new Float32Array(this.memory.buffer);
  }

  private stage(params: ResolvedGemm, plan: JobPlan): void {
    const { m, n, k, b, bOffset, ldb, transposeB, c, cOffset, ldc, accumulate } = params;
    const heap = this.heap;
    this.packA(params, plan.packedA / 4);
    // B is copied as stored, row by row; the wasm side packs it in parallel.
    const bRows = transposeB ? n : k;
    const bWidth = transposeB ? k : n;
    const bBase = plan.b / 4;
    if (ldb === bWidth) heap.set(b.subarray(bOffset, bOffset + bRows * bWidth), bBase);
    else {
      for (let row = 0; row < bRows; row++) {
        const from = bOffset + row * ldb;
        heap.set(b.subarray(from, from + bWidth), bBase + row * bWidth);
      }
    }
    if (accumulate) {
      const cBase = plan.c / 4;
      for (let i = 0; i < m; i++) {
        const from = cOffset + i * ldc;
        heap.set(c.subarray(from, from + n), cBase + i * plan.ldc);
      }
    }
    const control = this.control;
    for (let thread = 0; thread < plan.threads; thread++) {
      control[controlSlot.firstPackingBuffer + thread] = dataAddress + thread * plan.kc * plan.nc * 4;
    }
    const job = jobAddress / 4;
    control[job + jobField.m] = m;
    control[job + jobField.n] = n;
    control[job + jobField.k] = k;
    control[job + jobField.packedA] = plan.packedA;
    control[job + jobField.b] = plan.b;
    control[job + jobField.ldb] = bWidth;
    control[job + jobField.transposeB] = transposeB ? 1 : 0;
    control[job + jobField.c] = plan.c;
    control[job + jobField.ldc] = plan.ldc;
    control[job + jobField.accumulate] = accumulate ? 1 : 0;
    control[job + jobField.mc] = plan.mc;
    control[job + jobField.nc] = plan.nc;
    control[job + jobField.kc] = plan.kc;
    control[job + jobField.mBlocks] = plan.mBlocks;
    control[job + jobField.nBlocks] = plan.nBlocks;
    // Atomic store: the workers' wake-up (Atomics on the generation slot) orders every write above.
    Atomics.store(control, job + jobField.nextTask, 0);
  }

  // op(A) into 4-row panels over all of K, at (q·K + p)·4 + r; rows past M are 0.
  private packA(params: ResolvedGemm, base: number): void {
    const { m, k, a, aOffset, lda, transposeA } = params;
    const heap = this.heap;
    const rowStride = transposeA ? 1 : lda;
    const step = transposeA ? lda : 1;
    const panels = Math.ceil(m / 4);
    for (let q = 0; q < panels; q++) {
      for (let r = 0; r < 4; r++) {
        const row = q * 4 + r;
        let target = base + q * k * 4 + r;
        if (row >= m) {
          for (let p = 0; p < k; p++, target += 4) heap[target] = 0;
          continue;
        }
        let source = aOffset + row * rowStride;
        for (let p = 0; p < k; p++, target += 4, source += step) heap[target] = a[source];
      }
    }
  }

  private unstage(params: ResolvedGemm, plan: JobPlan): void {
    const { m, n, c, cOffset, ldc } = params;
    const cBase = plan.c / 4;
    for (let i = 0; i < m; i++) c.set(this.heap.subarray(cBase + i * plan.ldc, cBase + i * plan.ldc + n), cOffset + i * ldc);
  }
}
