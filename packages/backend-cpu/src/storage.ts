/**
 * Where every tensor's values live. All storage comes from `allocate` (or `allocateUninitialized`),
 * so that it is backed by a SharedArrayBuffer wherever one exists (Node, cross-origin-isolated
 * pages): the gemm worker pool then reads and writes tensors without copying them.
 *
 * Released arrays go to a bounded pool keyed by length, so a training loop that makes the same
 * shapes every step stops allocating after its first step (SharedArrayBuffers are costly to
 * create and to collect).
 */

const sharedMemory = typeof SharedArrayBuffer === "function";

/**
 * Most bytes the pool keeps for reuse; beyond it released arrays are left to the collector. A
 * training step of the paper's AlexNet frees ~0.75 GB (parameters, velocities, gradients) that
 * the next step allocates again, so the default holds a step's worth.
 */
let poolLimitBytes = 1024 * 1024 * 1024;

const pool = new Map<number, Float32Array[]>();
let pooledBytes = 0;

/** Whether storage is shared memory (SharedArrayBuffer) here. */
export function storageIsShared(): boolean {
  return sharedMemory;
}

/** Settings of the storage pool. */
export interface StorageConfiguration {
  /** Most bytes of released arrays kept for reuse (default 1 GiB); 0 turns reuse off. */
  readonly poolLimitBytes?: number;
}

/** Changes the pool's limit (and trims the pool to it). */
export function configureStorage(configuration: StorageConfiguration): void {
  if (configuration.poolLimitBytes !== undefined) {
    if (!(configuration.poolLimitBytes >= 0)) throw new RangeError(`configureStorage: poolLimitBytes must be ≥ 0, got ${configuration.poolLimitBytes}`);
    poolLimitBytes = configuration.poolLimitBytes;
    if (pooledBytes > poolLimitBytes) clearStoragePool();
  }
}

/** A zero-filled array of `count` floats, shared memory when available. */
export function allocate(count: number): Float32Array {
  const reusable = takeFromPool(count);
  if (reusable === undefined) return freshArray(count);
  reusable.fill(0);
  return reusable;
}

/**
 * An array of `count` floats whose contents are undefined (a recycled array keeps its old
 * values): for ops that write every element, saving a pass over memory.
 */
export function allocateUninitialized(count: number): Float32Array {
  return takeFromPool(count) ?? freshArray(count);
}

function takeFromPool(count: number): Float32Array | undefined {
  const reusable = pool.get(count)?.pop();
  if (reusable !== undefined) pooledBytes -= reusable.byteLength;
  return reusable;
}

/** A new zero-filled array (fresh memory is zeroed). */
function freshArray(count: number): Float32Array {
  if (!sharedMemory) return new Float32Array(count);
  return new Float32Array(new SharedArrayBuffer(count * Float32Array.BYTES_PER_ELEMENT));
}

/** Gives an array from `allocate` back for reuse. Nothing may read or write it afterwards. */
export function release(array: Float32Array): void {
  if (array.length === 0 || pooledBytes + array.byteLength > poolLimitBytes) return;
  let arrays = pool.get(array.length);
  if (arrays === undefined) {
    arrays = [];
    pool.set(array.length, arrays);
  }
  arrays.push(array);
  pooledBytes += array.byteLength;
}

/** Empties the reuse pool (for example when a backend closes). */
export function clearStoragePool(): void {
  pool.clear();
  pooledBytes = 0;
}

const scratchBuffers = new Map<string, Float32Array>();

/**
 * A scratch buffer of at least `count` floats for one purpose (for example "columns" for
 * im2col), kept and grown across calls instead of allocated per call. Its contents are
 * whatever the last user left; ops are synchronous, so one purpose never has two users at once.
 */
export function scratch(purpose: string, count: number): Float32Array {
  const existing = scratchBuffers.get(purpose);
  if (existing !== undefined && existing.length >= count) return existing;
  if (existing !== undefined) release(existing);
  const grown = allocate(count);
  scratchBuffers.set(purpose, grown);
  return grown;
}

const scratch64Buffers = new Map<string, Float64Array>();

/** Like `scratch`, in float64: for intermediates that must keep double precision (sums, scales). */
export function scratch64(purpose: string, count: number): Float64Array {
  const existing = scratch64Buffers.get(purpose);
  if (existing !== undefined && existing.length >= count) return existing;
  const grown = new Float64Array(count);
  scratch64Buffers.set(purpose, grown);
  return grown;
}

/** Drops every scratch buffer. */
export function clearScratch(): void {
  scratchBuffers.clear();
  scratch64Buffers.clear();
}
