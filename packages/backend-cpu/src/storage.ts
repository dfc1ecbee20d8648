import { allocateGemmArray, releaseGemmArray } from "./gemm/index.js";

/**
 * Where every tensor's values live. All storage comes from `allocate` (or `allocateUninitialized`),
 * first from the gemm's WebAssembly memory (`allocateGemmArray`), which the matrix multiply and
 * its worker threads read and write in place — no copies in and out per call (5–25% of a call,
 * ~60% for fc6 at batch 1). Where that memory is unavailable or full: a SharedArrayBuffer wherever
 * one exists (Node, cross-origin-isolated pages), else a plain array; gemm copies those.
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

/** A zero-filled array of `count` floats, in the gemm's memory or shared memory when available. */
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
  return takeFromPool(count) ?? freshArray(count, false);
}

function takeFromPool(count: number): Float32Array | undefined {
  const reusable = pool.get(count)?.pop();
  if (reusable !== undefined) pooledBytes -= reusable.byteLength;
  return reusable;
}

// Arrays that live in the gemm's WebAssembly memory: the collector cannot reclaim them, so they
// must go back to the gemm's allocator when the pool does not keep them.
const gemmArrays = new WeakSet<Float32Array>();

/**
 * A new array, zero-filled unless `zeroFilled` is false: in the gemm's memory if it has room
 * (where a block given back earlier may be handed out again), else shared or plain memory.
 */
function freshArray(count: number, zeroFilled = true): Float32Array {
  if (count > 0) {
    const inGemmMemory = allocateGemmArray(count, { zeroFilled });
    if (inGemmMemory !== undefined) {
      gemmArrays.add(inGemmMemory);
      return inGemmMemory;
    }
  }
  if (!sharedMemory) return new Float32Array(count);
  return new Float32Array(new SharedArrayBuffer(count * Float32Array.BYTES_PER_ELEMENT));
}

/** Hands an array the pool does not keep back to where it came from. */
function discard(array: Float32Array): void {
  if (gemmArrays.delete(array)) releaseGemmArray(array);
}

/** Gives an array from `allocate` back for reuse. Nothing may read or write it afterwards. */
export function release(array: Float32Array): void {
  if (array.length === 0) return;
  if (pooledBytes + array.byteLength > poolLimitBytes) {
    discard(array);
    return;
  }
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
  for (const arrays of pool.values()) for (const array of arrays) discard(array);
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

