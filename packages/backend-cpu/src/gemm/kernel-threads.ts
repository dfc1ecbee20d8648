import { controlSlots, maximumThreads } from "./control-block.js";
import type { WasmArena } from "./wasm-arena.js";
import { workerEnvironment } from "./worker-environment.js";
import { WorkerPool } from "./worker-pool.js";

/** Where each thread's scratch (packing buffers, an ops job's scratch) starts: thread t's at first + t·bytesPerThread. */
export interface ThreadScratch {
  first: number;
  bytesPerThread: number;
}

/**
 * The threads a job of the kernel modules runs on: the caller, plus a worker pool over the
 * same memory, started on the first threaded call (or by {@link prepare}) and restarted when
 * the thread count changes. A pool that fails to start leaves the caller alone from then on.
 */
export class KernelThreads {
  private pool: WorkerPool | undefined;
  private failed = false;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly arena: WasmArena,
    /** The modules every worker instantiates, in the order a job names them by index. */
    private readonly modules: readonly WebAssembly.Module[],
    /** Whether the memory is shared, so worker threads can join in. */
    private readonly shared: boolean,
  ) {}

  /** Threads (caller included) the next call with this many requested threads would use; starts the pool where needed. */
  available(requested: number): number {
    const wanted = Math.min(requested, maximumThreads);
    if (wanted <= 1 || !this.shared || this.failed) return 1;
    if (this.pool !== undefined && this.pool.size === wanted - 1) return wanted;
    // A browser starts its workers only asynchronously (prepare); until then the caller works alone.
    if (workerEnvironment()?.startsWhileBlocked === false) return this.pool === undefined ? 1 : Math.min(wanted, this.pool.size + 1);
    void this.close();
    const controlAddress = this.arena.allocate(controlSlots * 4);
    this.pool = controlAddress === undefined ? undefined : WorkerPool.start(this.modules, this.memory, wanted - 1, controlAddress);
    if (this.pool === undefined) this.failed = true;
    return this.pool === undefined ? 1 : wanted;
  }

  /** Starts the workers for `requested` threads by waiting asynchronously (as browsers need); resolves to the threads usable. */
  async prepare(requested: number): Promise<number> {
    const wanted = Math.min(requested, maximumThreads);
    if (wanted <= 1 || !this.shared || this.failed) return 1;
    if (this.pool !== undefined && this.pool.size === wanted - 1) return wanted;
    await this.close();
    const controlAddress = this.arena.allocate(controlSlots * 4);
    this.pool = controlAddress === undefined ? undefined : await WorkerPool.startAsync(this.modules, this.memory, wanted - 1, controlAddress);
    if (this.pool === undefined) this.failed = true;
    return this.pool === undefined ? 1 : wanted;
  }

  /** Stops the worker threads (a later threaded call starts new ones). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    // The control block is not reused: a worker of this pool may still read it.
    await pool?.close();
  }

  /**
   * Runs one job of module `kernelIndex` (the job descriptor already written): on the caller
   * alone when `threads` is 1, else on the caller and the workers, each worker t given its
   * scratch from `scratch`. `runOnCaller` is the caller's share (it returns once every task is taken).
   */
  run(runOnCaller: () => void, kernelIndex: number, threads: number, scratch: ThreadScratch): void {
    const pool = this.pool;
    if (threads <= 1 || pool === undefined) {
      runOnCaller();
      return;
    }
    for (let thread = 1; thread < threads; thread++) pool.setPackingBuffer(thread, scratch.first + thread * scratch.bytesPerThread);
    pool.runJob(runOnCaller, kernelIndex);
  }
}
