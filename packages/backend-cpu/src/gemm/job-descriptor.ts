import { jobAddress, jobField } from "./control-block.js";
import type { ResolvedGemm } from "./gemm-params.js";
import type { JobPlan } from "./job-plan.js";
import type { Placements } from "./staging.js";

/** The Int32 slot of the job's next-task counter in `control` (an Int32 view from address 0). */
const nextTaskSlot = jobAddress / 4 + jobField.nextTask;

/** Fills the gemm job descriptor (field offsets in wasm/gemm-kernel.wat) and resets its task counter. */
export function writeGemmJob(control: Int32Array, params: ResolvedGemm, plan: JobPlan, { a, b, c }: Placements): void {
  const job = jobAddress / 4;
  control[job + jobField.m] = params.m;
  control[job + jobField.n] = params.n;
  control[job + jobField.k] = params.k;
  control[job + jobField.a] = a.address;
  control[job + jobField.lda] = a.leading;
  control[job + jobField.transposeA] = params.transposeA && !plan.rows ? 1 : 0;
  control[job + jobField.mode] = plan.rows ? 1 : 0;
  control[job + jobField.b] = b.address;
  control[job + jobField.ldb] = b.leading;
  control[job + jobField.transposeB] = params.transposeB ? 1 : 0;
  control[job + jobField.c] = c.address;
  control[job + jobField.ldc] = c.leading;
  control[job + jobField.accumulate] = params.accumulate ? 1 : 0;
  control[job + jobField.mc] = plan.mc;
  control[job + jobField.nc] = plan.nc;
  control[job + jobField.kc] = plan.kc;
  control[job + jobField.mBlocks] = plan.mBlocks;
  control[job + jobField.nBlocks] = plan.nBlocks;
  // The workers' wake-up (Atomics on the generation slot) orders every write above before their reads.
  resetNextTask(control);
}

/** Sets the job's next-task counter to 0 (before a job opens). */
export function resetNextTask(control: Int32Array): void {
  Atomics.store(control, nextTaskSlot, 0);
}

/**
 * Blocks until `tasks` tasks of the open job are taken (for tests: the caller then takes none,
 * proving the workers compute). The wasm side takes tasks with atomics but never notifies: poll.
 */
export function waitUntilTasksTaken(control: Int32Array, tasks: number): void {
  const deadline = Date.now() + 20_000;
  for (let taken = Atomics.load(control, nextTaskSlot); taken < tasks; taken = Atomics.load(control, nextTaskSlot)) {
    if (Date.now() > deadline) throw new Error(`gemm: the workers took ${taken} of ${tasks} tasks in 20 s`);
    Atomics.wait(control, nextTaskSlot, taken, 1);
  }
}
