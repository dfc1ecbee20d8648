/**
 * Where every tensor's values live. All storage comes from `allocate`, so that it is backed by a
 * SharedArrayBuffer wherever one exists (Node, cross-origin-isolated pages): the gemm worker
 * pool then reads and writes tensors without copying them.
 *
 * Released arrays go to a bounded pool keyed by length, so a training loop that makes the same
 * shapes every step stops allocating after its first step (SharedArrayBuffers are costly to
 * create and to collect).
 */

const sharedMemory = typeof SharedArrayBuffer === "function";

/** Most bytes the pool keeps for reuse; beyond it released arrays are left to the collector. */
const poolLimitBytes = 512 * 1024 * 1024;

const pool = new Map<number, Float32Array[]>();
let pooledBytes = 0;

/** Whether storage is shared memory (SharedArrayBuffer) here. */
export function storageIsShared(): boolean {
  return sharedMemory;
}

/** A zero-filled array of `count` floats, shared memory when available. */
export function allocate(count: number): Float32Array {
  const reusable = pool.get(count)?.pop();
  if (reusable !== undefined) {
    pooledBytes -= reusable.byteLength;
    reusable.fill(0);
    return reusable;
  }
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
