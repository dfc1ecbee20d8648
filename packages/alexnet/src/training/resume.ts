import { existsSync } from "node:fs";
import { join } from "node:path";
import { randomFromState } from "@alexnet-ts/engine";
import type { ColourPca } from "../augmentation/pca-colour.js";
import { loadCheckpoint, type Checkpoint } from "../checkpoint/checkpoint.js";
import { CheckpointError } from "../checkpoint/errors.js";
import { truncateMetrics } from "./metrics.js";
import { outputFiles } from "./output-files.js";
import type { TrainingRun } from "./run.js";
import { runSettings, settingsDifference, type RunSettings } from "./run-settings.js";
import type { ScheduleState } from "./schedule.js";
import { emptySums, type EpochSums, type TrainingState } from "./state.js";

/**
 * Restores a run from the checkpoint its folder's manifest names (checkpoint.safetensors in a
 * folder from before manifests): weights, velocities, schedule, random stream, position in the
 * epoch and the epoch's partial sums; metrics lines the manifest does not count are dropped.
 * Refused in one line: a folder without a run, a checkpoint without training state or without a
 * velocity for every trained parameter, and any setting that differs from the checkpoint's
 * (see RunSettings); `--epochs` may change, and an explicit `--lr` rescales the schedule.
 */
export async function resumeTrainingState(run: TrainingRun): Promise<TrainingState> {
  const { options } = run;
  const manifest = run.folder.manifest;
  const path = manifest === undefined ? join(run.folder.path, outputFiles.checkpoint) : join(run.folder.path, manifest.checkpoint);
  if (!existsSync(path)) throw new CheckpointError(`--resume: ${path} does not exist; run without --resume to start training`);
  const checkpoint = loadCheckpoint(path, { variant: options.variant, classCount: options.data.train.classNames.length });
  const metadata = checkpoint.metadata;
  if (metadata === undefined) throw new CheckpointError(`--resume: ${path} holds weights only, no training state`);
  if (manifest !== undefined && (manifest.epoch !== metadata.epoch || manifest.stepInEpoch !== metadata.stepInEpoch || manifest.step !== metadata.step)) {
    throw new CheckpointError(`--resume: ${path} is at step ${metadata.step}, but the run's manifest says step ${manifest.step}; the run folder is damaged (train into a new --out)`);
  }
  const saved = metadata.training as Partial<RunSettings> & { pca?: ColourPca | null; sums?: Partial<EpochSums>; learningRateOverrides?: TrainingState["learningRateOverrides"] };
  const difference = settingsDifference(saved, runSettings(options, run.dataFingerprint));
  if (difference !== undefined) throw new CheckpointError(`--resume: ${options.outFolder} was trained with ${difference}; resume with the same values, or train into a new --out`);
  if (metadata.step > 0) requireVelocities(run, checkpoint, path);
  run.model.importParameters(checkpoint.parameters);
  run.optimizer.importState(checkpoint.velocities);
  const state: TrainingState = {
    schedule: { ...(metadata.schedule as ScheduleState), epochs: options.epochs },
    random: randomFromState(metadata.randomState),
    epoch: metadata.epoch,
    batch: metadata.stepInEpoch,
    step: metadata.step,
    bestValidationLoss: metadata.bestValidationLoss,
    sums: { ...emptySums(), ...saved.sums },
    history: truncateMetrics(join(options.outFolder, outputFiles.metrics), metadata.epoch, manifest?.metricsLines),
    pca: saved.pca ?? undefined,
    learningRateOverrides: saved.learningRateOverrides ?? [],
  };
  if (options.learningRateOverride !== undefined) overrideLearningRate(state, options.learningRateOverride);
  run.reporter.message(`resuming from ${run.paths.checkpoint}: epoch ${state.epoch + 1}, step ${state.step}, learning rate ${state.schedule.learningRate}${options.learningRateOverride !== undefined ? " (set by --lr)" : ""}`);
  return state;
}

/** After a step, a resume is exact only with the optimizer's velocity of every trainable parameter. */
function requireVelocities(run: TrainingRun, checkpoint: Checkpoint, path: string): void {
  for (const name of run.model.trainableParameterNames()) {
    if (!checkpoint.velocities.has(name)) throw new CheckpointError(`--resume: ${path} has no optimizer velocity for ${name}, so the run cannot continue exactly; train into a new --out`);
  }
}

/**
 * An explicit --lr on resume: the current rate becomes `learningRate` and the schedule's base is
 * scaled by the same factor, so its later reductions (plateau, step, cosine) continue from it.
 */
function overrideLearningRate(state: TrainingState, learningRate: number): void {
  const factor = learningRate / state.schedule.learningRate;
  state.schedule = { ...state.schedule, learningRate, baseLearningRate: state.schedule.baseLearningRate * factor };
  state.learningRateOverrides.push({ step: state.step, learningRate });
}
