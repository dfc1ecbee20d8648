import { createRandom, type Random } from "@alexnet-ts/engine";
import { computeColourPca, type ColourPca } from "../augmentation/pca-colour.js";
import type { CheckpointMetadata } from "../checkpoint/checkpoint.js";
import { deriveSeed } from "../data/derive-seed.js";
import type { EpochMetrics } from "./metrics.js";
import type { TrainingRun } from "./run.js";
import { runSettings } from "./run-settings.js";
import { initialSchedule, type ScheduleState } from "./schedule.js";

/** Partial sums of the unfinished epoch, stored so a resumed epoch reports the same means. */
export interface EpochSums {
  lossSum: number;
  correct: number;
  seen: number;
  /** Seconds of training steps so far in the epoch (before and after any resume). */
  seconds: number;
}

/** What changes as a run trains; everything in it is stored in each checkpoint. */
export interface TrainingState {
  schedule: ScheduleState;
  /** The run's random stream: augmentation draws and each step's dropout seed. */
  random: Random;
  /** Whole epochs finished. */
  epoch: number;
  /** Batches finished within the unfinished epoch. */
  batch: number;
  step: number;
  bestValidationLoss: number;
  sums: EpochSums;
  history: EpochMetrics[];
  /** The colour PCA of the training images (when PCA augmentation runs on colour data). */
  pca: ColourPca | undefined;
  /** Explicit --lr given on resumes, with the step each took effect at. */
  learningRateOverrides: { step: number; learningRate: number }[];
}

/** Empty sums for a new epoch. */
export function emptySums(): EpochSums {
  return { lossSum: 0, correct: 0, seen: 0, seconds: 0 };
}

/** The state of a run that starts from scratch (computing the colour PCA when it is needed). */
export async function freshTrainingState(run: TrainingRun): Promise<TrainingState> {
  const { options } = run;
  let pca: ColourPca | undefined;
  if (options.augmentation.pca && run.pipeline.channels === 3) {
    pca = await computeColourPca(options.data.train, { seed: deriveSeed(options.seed, 4) });
  }
  const { crop, flip } = options.augmentation;
  run.reporter.message(`augmentation: ${crop ? "random crops" : "centre crops"}, ${flip ? "random horizontal flips" : "no flips"}, ${pca !== undefined ? "PCA colour noise (its eigenvalues are stored in the checkpoint)" : "no colour noise"}`);
  return {
    schedule: initialSchedule(options.schedule, options.learningRate, options.epochs),
    random: createRandom(deriveSeed(options.seed, 2)),
    epoch: 0,
    batch: 0,
    step: 0,
    bestValidationLoss: Infinity,
    sums: emptySums(),
    history: [],
    pca,
    learningRateOverrides: [],
  };
}

/** The checkpoint metadata that records `state` (and the run's settings) for a resume. */
export function checkpointMetadata(run: TrainingRun, state: TrainingState): CheckpointMetadata {
  const { options } = run;
  return {
    variant: options.variant,
    variantOptions: options.variantOptions,
    classNames: options.data.train.classNames,
    epoch: state.epoch,
    stepInEpoch: state.batch,
    step: state.step,
    randomState: state.random.state(),
    learningRate: run.optimizer.learningRate,
    schedule: state.schedule,
    bestValidationLoss: state.bestValidationLoss,
    training: {
      ...runSettings(options, run.dataFingerprint),
      epochs: options.epochs,
      storedSize: options.data.train.height,
      geometry: run.pipeline.geometry,
      normalization: options.data.normalization,
      augmentation: options.augmentation,
      pca: state.pca ?? null,
      sums: state.sums,
      learningRateOverrides: state.learningRateOverrides,
    },
  };
}
