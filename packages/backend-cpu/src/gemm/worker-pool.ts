import { controlSlot, controlSlots, jobAddress } from "./control-block.js";
import { workerEnvironment, type WorkerHandle } from "./worker-environment.js";

/**
 * Checks a waiting thread makes (≈ 0.1–0.3 ms) before it sleeps, so a job opened right after the
 * last one finds the workers awake: waking a sleeping thread took long enough here (a virtual
 * machine) that short jobs ended before the worker joined. 20,000 checks gave small a 1.26× step on
 * 2 threads against 1, 100,000 1.45×, 400,000 no more; a spinning thread gives its core back
 * within that time.
 */
const spinChecks = 100_000;

// The worker's whole program, as the text of a function of its start data, run the same from
// src/ under vitest, from dist/ and in a browser (worker-environment.ts says how it is started):
// it instantiates
// the shared module over the shared memory, says it is ready, then sleeps
// until the generation changes. On waking it counts itself active *before*
// checking that the job is still open, and the caller closes the job
// *before* waiting for the active count to reach zero (both sequentially
// consistent Atomics): so either the caller waits for this worker, or this
// worker sees the job closed and leaves it alone. A worker that the OS does
// not schedule in time therefore never holds the caller up.
// Errors never escape (an escaped error would leave the caller waiting):
// they set the failed slot instead.
const workerMain = `function main({ modules, memory, index, controlAddress }) {
const control = new Int32Array(memory.buffer, controlAddress, ${controlSlots});
const GENERATION = ${controlSlot.generation}, ACTIVE = ${controlSlot.active}, CLOSED = ${controlSlot.closed};
const STOP = ${controlSlot.stop}, KERNEL = ${controlSlot.kernel};
const READY = ${controlSlot.ready}, FAILED = ${controlSlot.failed}, BUFFER = ${controlSlot.firstPackingBuffer} + index;
let seen = Atomics.load(control, GENERATION);
// One instance per kernel module (mul + add, fused): each job says which to run.
let runs;
try {
  runs = modules.map((module) => new WebAssembly.Instance(module, { env: { memory } }).exports.run);
} catch {
  Atomics.store(control, FAILED, 1);
}
Atomics.add(control, READY, 1);
Atomics.notify(control, READY);
for (;;) {
  // Spin briefly before sleeping: a step opens hundreds of short jobs back to back, and waking a
  // sleeping thread costs tens of microseconds or more (more in a virtual machine).
  for (let spin = 0; spin < ${spinChecks} && Atomics.load(control, GENERATION) === seen; spin++);
  Atomics.wait(control, GENERATION, seen);
  const generation = Atomics.load(control, GENERATION);
  if (generation === seen) continue;
  seen = generation;
  if (Atomics.load(control, STOP) !== 0) break;
  Atomics.add(control, ACTIVE, 1);
  if (Atomics.load(control, CLOSED) === 0) {
    try {
      runs[Atomics.load(control, KERNEL)](${jobAddress}, Atomics.load(control, BUFFER));
    } catch {
      Atomics.store(control, FAILED, 1);
    }
  }
  if (Atomics.sub(control, ACTIVE, 1) === 1) Atomics.notify(control, ACTIVE);
}
}`;

/** How long the caller waits, once, for freshly started workers. */
const startTimeoutMilliseconds = 10_000;

/**
 * Persistent worker threads that share the caller's WebAssembly memory. They
 * are started once, spin briefly then sleep in Atomics.wait between jobs, never keep the
 * process alive (unref) and go away with {@link WorkerPool.close}.
 */
export class WorkerPool {
  private constructor(
    private readonly control: Int32Array,
    private readonly workers: WorkerHandle[],
  ) {}

  /** Workers besides the caller thread. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts `count` workers, each instantiating every one of `modules` (the kernels), and waits
   * (synchronously, once) until they are
   * ready; undefined when this environment has no worker threads, cannot
   * start them while the caller blocks (browsers: see {@link startAsync}),
   * or they fail to start. Each pool has its own control block at `controlAddress`
   * (controlSlots Int32s), so workers of a closed pool that wake late see
   * their own stop flag and never a newer pool's jobs.
   */
  static start(
    modules: readonly WebAssembly.Module[],
    memory: WebAssembly.Memory,
    count: number,
    controlAddress: number,
  ): WorkerPool | undefined {
    const environment = workerEnvironment();
    if (environment === undefined || !environment.startsWhileBlocked) return undefined;
    const pool = WorkerPool.launch(modules, memory, count, controlAddress);
    if (pool === undefined) return undefined;
    const deadline = Date.now() + startTimeoutMilliseconds;
    for (;;) {
      const ready = Atomics.load(pool.control, controlSlot.ready);
      if (ready >= count) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || Atomics.load(pool.control, controlSlot.failed) !== 0) {
        void pool.close();
        return undefined;
      }
      Atomics.wait(pool.control, controlSlot.ready, ready, Math.min(remaining, 100));
    }
    return pool.checked();
  }

  /**
   * As {@link start}, but waits for the workers by returning to the event loop, which a
   * browser needs before a new Web Worker runs at all. Works in Node too.
   */
  static async startAsync(
    modules: readonly WebAssembly.Module[],
    memory: WebAssembly.Memory,
    count: number,
    controlAddress: number,
  ): Promise<WorkerPool | undefined> {
    const pool = WorkerPool.launch(modules, memory, count, controlAddress);
    if (pool === undefined) return undefined;
    const deadline = Date.now() + startTimeoutMilliseconds;
    while (Atomics.load(pool.control, controlSlot.ready) < count) {
      if (Date.now() > deadline || Atomics.load(pool.control, controlSlot.failed) !== 0) {
        void pool.close();
        return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return pool.checked();
  }

  /** Makes the workers without waiting for them. */
  private static launch(modules: readonly WebAssembly.Module[], memory: WebAssembly.Memory, count: number, controlAddress: number): WorkerPool | undefined {
    const environment = workerEnvironment();
    if (environment === undefined || count < 1) return undefined;
    const control = new Int32Array(memory.buffer, controlAddress, controlSlots);
    control.fill(0);
    control[controlSlot.closed] = 1;
    Atomics.store(control, controlSlot.ready, 0);
    Atomics.store(control, controlSlot.failed, 0);
    Atomics.store(control, controlSlot.stop, 0);
    const workers: WorkerHandle[] = [];
    try {
      for (let index = 0; index < count; index++) {
        const worker = environment.start(workerMain, { modules, memory, index: index + 1, controlAddress }, `gemm-${index + 1}`);
        worker.onError(() => Atomics.store(control, controlSlot.failed, 1));
        workers.push(worker);
      }
    } catch {
      for (const worker of workers) void worker.terminate();
      return undefined;
    }
    return new WorkerPool(control, workers);
  }

  /** This pool, or undefined (and closed) when a worker failed to start. */
  private checked(): WorkerPool | undefined {
    if (Atomics.load(this.control, controlSlot.failed) === 0) return this;
    void this.close();
    return undefined;
  }

  /** Sets the packing buffer of worker `thread` (1 …size) for the next job. */
  setPackingBuffer(thread: number, address: number): void {
    this.control[controlSlot.firstPackingBuffer + thread] = address;
  }

  /**
   * Runs one job (with the kernel module at `kernelIndex` of those the pool was started with)
   * on the caller and whichever workers wake in time: opens the
   * job and wakes the workers, calls `runOnCaller` (which returns once every
   * task is taken), closes the job, then blocks until the workers that joined
   * have finished their tasks.
   */
  runJob(runOnCaller: () => void, kernelIndex = 0): void {
    const control = this.control;
    control[controlSlot.kernel] = kernelIndex;
    Atomics.store(control, controlSlot.closed, 0);
    Atomics.add(control, controlSlot.generation, 1);
    Atomics.notify(control, controlSlot.generation);
    let callerError: unknown;
    try {
      runOnCaller();
    } catch (error) {
      callerError = error;
    }
    // Even when the caller failed, joined workers may still read the job: wait for them.
    Atomics.store(control, controlSlot.closed, 1);
    // The workers usually finish within microseconds of the caller: spin a little before sleeping.
    for (let spin = 0; spin < spinChecks && Atomics.load(control, controlSlot.active) !== 0; spin++);
    for (;;) {
      const active = Atomics.load(control, controlSlot.active);
      if (active === 0) break;
      Atomics.wait(control, controlSlot.active, active);
    }
    if (callerError !== undefined) throw callerError;
    if (Atomics.load(control, controlSlot.failed) !== 0) {
      throw new Error("gemm: a worker thread failed; call closeGemm() and retry with configureGemm({ threads: 1 })");
    }
  }

  /** Stops and terminates the workers. */
  async close(): Promise<void> {
    Atomics.store(this.control, controlSlot.stop, 1);
    Atomics.add(this.control, controlSlot.generation, 1);
    Atomics.notify(this.control, controlSlot.generation);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
