import { existsSync } from "node:fs";
import { createRandom, NonFiniteLossError } from "@alexnet-ts/engine";
import { augmentBatch } from "../augmentation/augment.js";
import { deriveSeed } from "../data/derive-seed.js";
import { normalizeImages } from "../data/normalize.js";
import { permutation } from "../data/split.js";
import { evaluateDataset } from "./evaluate.js";
import type { EpochMetrics } from "./metrics.js";
import { TrainingDivergedError } from "./options.js";
import type { TrainingRun } from "./run.js";
import { advanceSchedule } from "./schedule.js";
import { emptySums, type TrainingState } from "./state.js";

/** How an epoch's training steps ended. */
export interface EpochOutcome {
  readonly interrupted: boolean;
}

/**
 * Trains the batches of epoch `epoch` (0-based) from `state.batch` on, updating `state` after
 * every step. Stops early, with the state at the next batch, when the run's signal is aborted.
 */
export async function trainEpoch(run: TrainingRun, state: TrainingState, epoch: number): Promise<EpochOutcome> {
  const { options, batches } = run;
  const order = permutation(options.data.train.count, createRandom(deriveSeed(options.seed, 3, epoch)));
  run.reporter.epochStart(epoch + 1, options.epochs, batches, state.batch);
  // Speeds count only this process's part of the epoch; the epoch's seconds add up across resumes.
  const clock = { started: performance.now(), secondsBefore: state.sums.seconds, images: 0 };
  while (state.batch < batches) {
    const batchIndex = state.batch;
    await trainBatch(run, state, epoch, order.slice(batchIndex * options.batchSize, (batchIndex + 1) * options.batchSize), clock);
    state.batch++;
    // Let the event loop run between steps: a step's awaits may all resolve as microtasks, and
    // without a macrotask boundary Ctrl-C's handler (a libuv signal callback) would never run.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted === true && state.batch < batches) return { interrupted: true };
  }
  return { interrupted: false };
}

/** When this process started the epoch, the epoch's seconds before it, and the images it has trained. */
interface EpochClock {
  readonly started: number;
  readonly secondsBefore: number;
  images: number;
}

/** One SGD step on the images at `indices`. */
async function trainBatch(run: TrainingRun, state: TrainingState, epoch: number, indices: readonly number[], clock: EpochClock): Promise<void> {
  const { options, pipeline, model, optimizer } = run;
  const read = await options.data.train.read(indices);
  if (read.count === 0) return;
  const augmentation = { crop: options.augmentation.crop, flip: options.augmentation.flip, pca: options.augmentation.pca ? state.pca : undefined };
  const inputs = augmentBatch(read.images, read.count, pipeline.channels, pipeline.geometry, augmentation, state.random);
  normalizeImages(inputs, pipeline.channels, pipeline.geometry.cropSize ** 2, pipeline.normalization);
  const dropoutSeed = state.random.integer(4294967296);
  let result: { loss: number; correct: number };
  try {
    result = await model.trainStep(inputs, read.labels, optimizer, { seed: dropoutSeed });
  } catch (error) {
    if (error instanceof NonFiniteLossError) throw divergence(run, `the loss became ${error.loss} at epoch ${epoch + 1}, step ${state.step + 1}`);
    throw error;
  }
  state.step++;
  state.sums.lossSum += result.loss * read.count;
  state.sums.correct += result.correct;
  state.sums.seen += read.count;
  options.onStepLoss?.(state.step, result.loss, result.correct, read.count);
  const seconds = (performance.now() - clock.started) / 1000;
  state.sums.seconds = clock.secondsBefore + seconds;
  clock.images += read.count;
  const imagesPerSecond = clock.images / Math.max(seconds, 1e-9);
  const left = options.data.train.count - Math.min(options.data.train.count, (state.batch + 1) * options.batchSize);
  run.reporter.step({
    epoch: epoch + 1,
    batch: state.batch + 1,
    batches: run.batches,
    loss: result.loss,
    meanLoss: state.sums.lossSum / state.sums.seen,
    accuracy: state.sums.correct / state.sums.seen,
    imagesPerSecond,
    secondsLeft: left / imagesPerSecond,
  });
}

/** What validating a finished epoch gives: its metrics line and whether it is the best so far. */
export interface ValidatedEpoch {
  readonly metrics: EpochMetrics;
  readonly improved: boolean;
}

/**
 * Validates the model after epoch `epoch` (0-based), advances the schedule and the best loss,
 * and starts the state's next epoch (sums cleared, batch 0).
 */
export async function validateEpoch(run: TrainingRun, state: TrainingState, epoch: number, learningRateOverride?: number): Promise<ValidatedEpoch> {
  const { options, optimizer } = run;
  const validation = await evaluateDataset(run.model, options.data.validation, run.pipeline);
  if (!Number.isFinite(validation.loss) && options.data.validation.count > 0) {
    throw divergence(run, `the validation loss became ${validation.loss} after epoch ${epoch + 1}`);
  }
  const trainedWith = optimizer.learningRate;
  state.schedule = advanceSchedule(state.schedule, epoch + 1, validation.loss);
  optimizer.learningRate = state.schedule.learningRate;
  const improved = validation.loss < state.bestValidationLoss;
  if (improved) state.bestValidationLoss = validation.loss;
  const { sums } = state;
  const metrics: EpochMetrics = {
    epoch: epoch + 1,
    step: state.step,
    learningRate: trainedWith,
    trainLoss: sums.seen > 0 ? sums.lossSum / sums.seen : Number.NaN,
    trainAccuracy: sums.seen > 0 ? sums.correct / sums.seen : 0,
    validationLoss: validation.loss,
    validationAccuracy: validation.top1,
    validationTop5: validation.top5,
    seconds: sums.seconds,
    imagesPerSecond: sums.seen / Math.max(sums.seconds, 1e-9),
    ...(learningRateOverride !== undefined && { learningRateOverride }),
  };
  state.epoch = epoch + 1;
  state.batch = 0;
  state.sums = emptySums();
  return { metrics, improved };
}

function divergence(run: TrainingRun, what: string): TrainingDivergedError {
  const kept = existsSync(run.paths.checkpoint) ? `the last good checkpoint ${run.paths.checkpoint} is intact` : "no checkpoint was written yet";
  return new TrainingDivergedError(`${what} (learning rate ${run.optimizer.learningRate}): training diverged and stopped; ${kept}; try a lower --lr`);
}
