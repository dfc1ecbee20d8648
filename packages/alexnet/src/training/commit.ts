import { join } from "node:path";
import { saveCheckpoint } from "../checkpoint/checkpoint.js";
import { appendMetrics, type EpochMetrics } from "./metrics.js";
import { commitRunState, stateFileName } from "./run-folder.js";
import type { CommitHooks } from "./options.js";
import type { TrainingRun } from "./run.js";
import { checkpointMetadata, type TrainingState } from "./state.js";

/** Writes the state as a checkpoint at `path` (weights, velocities, metadata). */
export async function writeCheckpoint(run: TrainingRun, state: TrainingState, path: string): Promise<void> {
  const { model, optimizer } = run;
  saveCheckpoint(path, { parameters: await model.exportParameters(), velocities: await optimizer.exportState(), metadata: checkpointMetadata(run, state) });
}

/**
 * Commits a finished epoch: the state's checkpoint as a new file, the metrics line, then the
 * manifest naming that checkpoint (and it as the best one when the validation loss improved, else
 * the previous best). Until the manifest's rename the folder's committed state is the previous
 * epoch's, complete; after it, this epoch's.
 */
export async function commitEpoch(run: TrainingRun, state: TrainingState, metrics: EpochMetrics, improved: boolean, hooks: CommitHooks = {}): Promise<void> {
  const checkpoint = stateFileName(state.epoch, state.batch);
  await writeCheckpoint(run, state, join(run.folder.path, checkpoint));
  hooks.afterCheckpoint?.();
  appendMetrics(run.paths.metrics, metrics);
  hooks.beforeManifest?.();
  const best = improved ? checkpoint : (run.folder.manifest?.best ?? null);
  commitRunState(run.folder, { format: "alexnet-ts-run", version: 1, epoch: state.epoch, stepInEpoch: 0, step: state.step, checkpoint, best, metricsLines: state.history.length + 1 });
  state.history.push(metrics);
}

/** Commits a run stopped in the middle of an epoch (Ctrl-C), so `--resume` continues at the next batch. */
export async function commitInterruption(run: TrainingRun, state: TrainingState): Promise<void> {
  const checkpoint = stateFileName(state.epoch, state.batch);
  await writeCheckpoint(run, state, join(run.folder.path, checkpoint));
  const best = run.folder.manifest?.best ?? null;
  commitRunState(run.folder, { format: "alexnet-ts-run", version: 1, epoch: state.epoch, stepInEpoch: state.batch, step: state.step, checkpoint, best, metricsLines: state.history.length });
}
