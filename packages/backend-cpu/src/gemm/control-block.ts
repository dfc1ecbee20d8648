/**
 * A worker pool's control block (allocated in the gemm's WebAssembly memory):
 * Int32 slots that the caller thread and the workers synchronise on with
 * Atomics. The job descriptor that the wasm `run` function reads (field
 * offsets in wasm/gemm-kernel.wat) sits at a fixed address at the start of
 * the memory.
 */
export const controlSlot = {
  /** Incremented by the caller to start a job (or to wake workers to stop). */
  generation: 0,
  /** Workers inside the current job (counted before they check `closed`). */
  active: 1,
  /** Non-zero: workers leave their loop. */
  stop: 2,
  /** Workers that have started and instantiated the module. */
  ready: 3,
  /** Non-zero once any worker has failed (the caller then throws). */
  failed: 4,
  /** Non-zero while no job is open: waking workers then leave the job descriptor alone. */
  closed: 5,
  /** Which of the pool's kernel modules the current job runs (index into the modules it was started with). */
  kernel: 6,
  /** Slot of worker t's packing-buffer address: firstPackingBuffer + t (t ≥ 1; the caller is thread 0). */
  firstPackingBuffer: 16,
} as const;

/** Int32 slots in a control block. */
export const controlSlots = 64;

/** Most threads a control block has packing-buffer slots for. */
export const maximumThreads = controlSlots - controlSlot.firstPackingBuffer;

/** Byte address of the job descriptor. */
export const jobAddress = 256;

/** Int32 slots of the job descriptor, relative to jobAddress / 4. */
export const jobField = {
  m: 0,
  n: 1,
  k: 2,
  a: 3,
  lda: 4,
  transposeA: 5,
  b: 6,
  ldb: 7,
  transposeB: 8,
  c: 9,
  ldc: 10,
  accumulate: 11,
  mc: 12,
  nc: 13,
  kc: 14,
  mBlocks: 15,
  nBlocks: 16,
  nextTask: 17,
  /** 1: M < 4, rows of A against unpacked B (matrix–vector shapes); 0: the blocked kernel. */
  mode: 18,
} as const;

/** First byte after the control block and job descriptor. */
export const dataAddress = 1024;
