/** How one multiply is cut into tasks (blocks of C) for the threads. */
export interface JobPlan {
  /** M < 4: each row of A sweeps B unpacked (matrix–vector shapes are memory-bound; packing B would double the traffic). */
  rows: boolean;
  threads: number;
  mc: number;
  nc: number;
  kc: number;
  mBlocks: number;
  nBlocks: number;
}

// K block: a 4×kc strip of A and a kc×8 panel of B (4 + 8 KiB) stay in L1.
const kcMax = 256;
// M block: an mc×kc block of A (≤ 384 KiB) stays in L2.
const mcMax = 384;
// N block: the unit of work handed to a thread (and its packing buffer).
const ncMax = 1024;
const ncMin = 32;
// After each thread's packing buffers: the 4×8 tile where edge tiles are computed.
const edgeTileBytes = 128;

export const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** The blocks of an M×N×K product on `threads` threads: about four tasks per thread where there are several. */
export function planJob(m: number, n: number, k: number, threads: number): JobPlan {
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

/** Bytes of one thread's packing buffer: packed B (kc×nc), packed A (mc×kc), then the edge tile. */
export function packingBufferBytes(plan: JobPlan): number {
  return plan.kc * plan.nc * 4 + plan.mc * plan.kc * 4 + edgeTileBytes;
}

/** Tasks of the plan (each thread takes them from the job's atomic counter). */
export function taskCount(plan: JobPlan): number {
  return plan.mBlocks * plan.nBlocks;
}
