import { dataAddress } from "./control-block.js";

const pageBytes = 65536;
// Blocks start on a cache line, so two threads never share one at a block edge.
const alignment = 64;

/**
 * Allocates blocks of the gemm's WebAssembly memory: the per-call staging
 * area, and arrays that callers keep there (tensors) so that gemm reads and
 * writes them in place instead of copying. Freed blocks are kept in lists by
 * exact size and reused; a training loop repeats its sizes every step.
 */
export class WasmArena {
  private top = dataAddress;
  private readonly freeBlocks = new Map<number, number[]>();
  // Every ArrayBuffer/SharedArrayBuffer the memory has handed out: growing
  // replaces memory.buffer, but views made before stay valid.
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(private readonly memory: WebAssembly.Memory) {
    this.buffers.add(memory.buffer);
  }

  /** The memory's current buffer (refreshed after growth). */
  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  /**
   * A block of at least `bytes` bytes, or undefined when the memory cannot grow that far (or,
   * for a new block, past `limitBytes`).
   */
  allocate(bytes: number, limitBytes = Infinity): number | undefined {
    return this.allocateBlock(bytes, limitBytes)?.address;
  }

  /**
   * Like {@link allocate}, and says whether the block was used before: a new one lies in memory
   * never written (WebAssembly memory grows zero-filled), so it need not be cleared.
   */
  allocateBlock(bytes: number, limitBytes = Infinity): { address: number; reused: boolean } | undefined {
    const size = Math.max(alignment, Math.ceil(bytes / alignment) * alignment);
    const reusable = this.freeBlocks.get(size)?.pop();
    if (reusable !== undefined) return { address: reusable, reused: true };
    const end = this.top + size;
    if (end > limitBytes) return undefined;
    const current = this.memory.buffer.byteLength;
    if (end > current) {
      try {
        this.memory.grow(Math.ceil((end - current) / pageBytes));
      } catch {
        return undefined;
      }
      this.buffers.add(this.memory.buffer);
    }
    const address = this.top;
    this.top = end;
    return { address, reused: false };
  }

  /** Returns a block from {@link allocate} (same `bytes`) for reuse. */
  release(address: number, bytes: number): void {
    const size = Math.max(alignment, Math.ceil(bytes / alignment) * alignment);
    let blocks = this.freeBlocks.get(size);
    if (blocks === undefined) {
      blocks = [];
      this.freeBlocks.set(size, blocks);
    }
    blocks.push(address);
  }

  /** The byte address of `array`'s first element when it is a view of this memory. */
  addressOf(array: Float32Array): number | undefined {
    return this.buffers.has(array.buffer) ? array.byteOffset : undefined;
  }
}
