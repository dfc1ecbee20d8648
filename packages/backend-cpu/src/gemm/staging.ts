import type { ResolvedGemm } from "./gemm-params.js";
import { packingBufferBytes, roundUp, type JobPlan } from "./job-plan.js";
import type { WasmArena } from "./wasm-arena.js";

/** Where one operand lives in wasm memory for the duration of a call. */
export interface Placement {
  address: number;
  leading: number;
  /** Whether it was copied into the staging area (C must then be copied back). */
  staged: boolean;
}

/** Where a product's three operands live for one call. */
export interface Placements {
  a: Placement;
  b: Placement;
  c: Placement;
}

// Larger problems are split into pieces that each stage at most this many floats (128 MiB).
export const stagingBudgetFloats = 1 << 25;

/**
 * The per-call scratch of the wasm memory: each thread's packing buffer (or an ops job's
 * scratch), then copies of the operands that do not live in the memory already. One block,
 * grown (never shrunk) to the largest call seen.
 */
export class StagingArea {
  private heap: Float32Array;
  private block = { address: 0, bytes: 0 };

  constructor(private readonly arena: WasmArena) {
    this.heap = new Float32Array(arena.buffer);
  }

  /** The staging block's address, at least `bytes` long; undefined when the memory is full. */
  reserve(bytes: number): number | undefined {
    if (bytes > this.block.bytes) {
      const previous = this.block.bytes;
      if (previous > 0) this.arena.release(this.block.address, previous);
      this.block = { address: 0, bytes: 0 };
      // Room to grow into (up to doubling), else just what this call needs.
      for (const size of [Math.max(bytes, Math.min(2 * previous, stagingBudgetFloats * 4)), bytes]) {
        const address = this.arena.allocate(size);
        if (address !== undefined) {
          this.block = { address, bytes: size };
          break;
        }
      }
      if (this.block.bytes === 0) return undefined;
    }
    if (this.heap.buffer !== this.arena.buffer) this.heap = new Float32Array(this.arena.buffer);
    return this.block.address;
  }

  /** Floats of staging a product needs: packing buffers, then A, B and C where they are not in wasm memory already. */
  floatsFor(params: ResolvedGemm, plan: JobPlan): number {
    const { m, n, k } = params;
    let floats = (plan.threads * packingBufferBytes(plan)) / 4;
    if (this.arena.addressOf(params.a) === undefined || (plan.rows && params.transposeA)) floats += roundUp(m * k, 16);
    if (this.arena.addressOf(params.b) === undefined) floats += roundUp(k * n, 16);
    if (this.arena.addressOf(params.c) === undefined) floats += roundUp(m * n, 16);
    return floats;
  }

  /**
   * Places A, B and C after the packing buffers at `base` (a block from {@link reserve}): in
   * place where they live in the memory, else copied in (C only when accumulating).
   */
  placeOperands(params: ResolvedGemm, plan: JobPlan, base: number): Placements {
    const { m, n, k, transposeA, transposeB, accumulate } = params;
    const cursor = { next: base + plan.threads * packingBufferBytes(plan) };
    const a =
      plan.rows && transposeA
        ? this.stageTransposed(params, cursor)
        : this.place(params.a, params.aOffset, params.lda, transposeA ? k : m, transposeA ? m : k, true, cursor);
    const b = this.place(params.b, params.bOffset, params.ldb, transposeB ? n : k, transposeB ? k : n, true, cursor);
    const c = this.place(params.c, params.cOffset, params.ldc, m, n, accumulate, cursor);
    return { a, b, c };
  }

  /** Copies a staged C back to where the caller wants it. */
  copyOut(params: ResolvedGemm, placement: Placement): void {
    if (!placement.staged) return;
    const { m, n, c, cOffset, ldc } = params;
    const from = placement.address / 4;
    for (let i = 0; i < m; i++) c.set(this.heap.subarray(from + i * n, from + (i + 1) * n), cOffset + i * ldc);
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
}
