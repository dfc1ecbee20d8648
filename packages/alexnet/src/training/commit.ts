import { saveCheckpoint } from "../checkpoint/checkpoint.js";
import { appendMetrics, type EpochMetrics } from "./metrics.js";
import type { TrainingRun } from "./run.js";
import { checkpointMetadata, type TrainingState } from "./state.js";

/** Writes the state as a checkpoint at `path` (weights, velocities, metadata). */
export async function writeCheckpoint(run: TrainingRun, state: TrainingState, path: string): Promise<void> {
  const { model, optimizer } = run;
  saveCheckpoint(path, { parameters: await model.exportParameters(), velocities: await optimizer.exportState(), metadata: checkpointMetadata(run, state) });
}

/** Saves a finished epoch: the checkpoint, the best checkpoint when it improved, the metrics line. */
export async function commitEpoch(run: TrainingRun, state: TrainingState, metrics: EpochMetrics, improved: boolean): Promise<void> {
  await writeCheckpoint(run, state, run.paths.checkpoint);
  if (improved) await writeCheckpoint(run, state, run.paths.best);
  appendMetrics(run.paths.metrics, metrics);
  state.history.push(metrics);
}

/** Saves a run stopped in the middle of an epoch (Ctrl-C), so `--resume` continues at the next batch. */
export async function commitInterruption(run: TrainingRun, state: TrainingState): Promise<void> {
  await writeCheckpoint(run, state, run.paths.checkpoint);
}
