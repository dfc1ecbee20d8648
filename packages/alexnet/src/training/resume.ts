import { existsSync } from "node:fs";
import { randomFromState } from "@alexnet-ts/engine";
import type { ColourPca } from "../augmentation/pca-colour.js";
import { loadCheckpoint } from "../checkpoint/checkpoint.js";
import { CheckpointError } from "../checkpoint/errors.js";
import { truncateMetrics } from "./metrics.js";
import type { TrainingRun } from "./run.js";
import type { ScheduleState } from "./schedule.js";
import { emptySums, type EpochSums, type TrainingState } from "./state.js";

/**
 * Restores a run from `<out>/checkpoint.safetensors`: weights, velocities, schedule, random
 * stream, position in the epoch and the epoch's partial sums; metrics lines written after that
 * checkpoint are dropped. A checkpoint of another seed or batch size is refused.
 */
export function resumeTrainingState(run: TrainingRun): TrainingState {
  const { options, paths } = run;
  if (!existsSync(paths.checkpoint)) throw new CheckpointError(`--resume: ${paths.checkpoint} does not exist; run without --resume to start training`);
  const checkpoint = loadCheckpoint(paths.checkpoint, { variant: options.variant, classCount: options.data.train.classNames.length });
  const metadata = checkpoint.metadata;
  if (metadata === undefined) throw new CheckpointError(`--resume: ${paths.checkpoint} holds weights only, no training state`);
  const saved = metadata.training as { seed?: number; batchSize?: number; pca?: ColourPca | null; sums?: EpochSums };
  if (saved.seed !== options.seed || saved.batchSize !== options.batchSize) {
    throw new CheckpointError(`--resume: ${paths.checkpoint} was trained with --seed ${saved.seed} --batch ${saved.batchSize}; resume with the same values to continue exactly`);
  }
  run.model.importParameters(checkpoint.parameters);
  run.optimizer.importState(checkpoint.velocities);
  const state: TrainingState = {
    schedule: { ...(metadata.schedule as ScheduleState), epochs: options.epochs },
    random: randomFromState(metadata.randomState),
    epoch: metadata.epoch,
    batch: metadata.stepInEpoch,
    step: metadata.step,
    bestValidationLoss: metadata.bestValidationLoss,
    sums: saved.sums ?? emptySums(),
    history: truncateMetrics(paths.metrics, metadata.epoch),
    pca: saved.pca ?? undefined,
  };
  run.reporter.message(`resuming from ${paths.checkpoint}: epoch ${state.epoch + 1}, step ${state.step}, learning rate ${metadata.learningRate}`);
  return state;
}
