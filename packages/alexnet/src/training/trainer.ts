import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Graph } from "@alexnet-ts/ir";
import { createModel, createRandom, createSgdOptimizer, NonFiniteLossError, randomFromState, type Backend, type Model, type SgdOptimizer } from "@alexnet-ts/engine";
import { augmentBatch } from "../augmentation/augment.js";
import { cropGeometry } from "../augmentation/crop.js";
import { computeColourPca, type ColourPca } from "../augmentation/pca-colour.js";
import { CheckpointError } from "../checkpoint/errors.js";
import { loadCheckpoint, saveCheckpoint, type CheckpointMetadata } from "../checkpoint/checkpoint.js";
import { deriveSeed } from "../data/derive-seed.js";
import { normalizeImages } from "../data/normalize.js";
import type { DataSource } from "../data/source.js";
import { permutation } from "../data/split.js";
import type { VariantOptions } from "../variants/index.js";
import { renderTrainingChart } from "./chart.js";
import { evaluateDataset, type Evaluation } from "./evaluate.js";
import { appendMetrics, truncateMetrics, type EpochMetrics } from "./metrics.js";
import type { InputPipeline } from "./pipeline.js";
import { silentReporter, type TrainingReporter } from "./progress.js";
import { advanceSchedule, initialSchedule, type ScheduleKind, type ScheduleState } from "./schedule.js";

/** Which training augmentations run; see AugmentationOptions. */
export interface AugmentationSwitches {
  readonly crop: boolean;
  readonly flip: boolean;
  readonly pca: boolean;
}

/** Everything a training run needs. */
export interface TrainOptions {
  readonly backend: Backend;
  /** The variant's name and options, recorded in checkpoints so eval and predict can rebuild the model. */
  readonly variant: string;
  readonly variantOptions: VariantOptions;
  /** The graph to train (built from the variant; tests pass tiny graphs). */
  readonly graph: Graph;
  readonly data: DataSource;
  /** The `--data` text, recorded in checkpoints. */
  readonly dataText: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly schedule: ScheduleKind;
  readonly seed: number;
  readonly augmentation: AugmentationSwitches;
  /** Folder for checkpoint.safetensors, best.safetensors, metrics.jsonl and training.svg. */
  readonly outFolder: string;
  /** Continue from `<outFolder>/checkpoint.safetensors`. */
  readonly resume: boolean;
  /** When it is aborted (Ctrl-C), the current step finishes, a checkpoint is written and train returns. */
  readonly signal?: AbortSignal;
  readonly reporter?: TrainingReporter;
  /** Called after every step with its loss (tests compare runs step by step). */
  readonly onStepLoss?: (step: number, loss: number) => void;
}

/** How a run ended. */
export interface TrainResult {
  readonly interrupted: boolean;
  /** Whole epochs finished. */
  readonly epochsCompleted: number;
  readonly steps: number;
  readonly history: readonly EpochMetrics[];
  readonly checkpointPath: string;
  /** Written when the run finishes its epochs (not when interrupted). */
  readonly chartPath: string | undefined;
  /** The final model on the test data, when the source has any and the run finished. */
  readonly test: Evaluation | undefined;
}

/** Training stopped because the loss became NaN or infinite. */
export class TrainingDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

/** The file names inside the output folder. */
export const outputFiles = { checkpoint: "checkpoint.safetensors", best: "best.safetensors", metrics: "metrics.jsonl", chart: "training.svg" } as const;

/** Partial sums of the unfinished epoch, stored so a resumed epoch reports the same means. */
interface EpochSums {
  lossSum: number;
  correct: number;
  seen: number;
}

/**
 * Trains a model with SGD (momentum, weight decay) as in the paper's section 5, epoch by epoch:
 * seeded shuffling, augmentation, one step per batch, validation, the learning-rate schedule, a
 * checkpoint after every epoch (and the best one by validation loss), a metrics line per epoch,
 * and a chart at the end.
 *
 * Determinism: the data order of epoch e depends only on (seed, e); augmentation draws and each
 * step's dropout seed come from one random stream whose state every checkpoint stores. So a run
 * resumed from any checkpoint takes exactly the steps, and gets exactly the losses, of an
 * uninterrupted run with the same seed and batch size.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const reporter = options.reporter ?? silentReporter;
  const { data, backend, graph, outFolder } = options;
  mkdirSync(outFolder, { recursive: true });
  const checkpointPath = join(outFolder, outputFiles.checkpoint);
  const metricsPath = join(outFolder, outputFiles.metrics);
  const classCount = data.train.classNames.length;
  const channels = data.train.channels;
  const geometry = cropGeometry(data.train.height, graph.input.shape[1]);
  const pipeline: InputPipeline = { channels, geometry, normalization: data.normalization };

  const model = await createModel(backend, graph, { seed: deriveSeed(options.seed, 1) });
  const optimizer = createSgdOptimizer(model, { learningRate: options.learningRate, momentum: options.momentum, weightDecay: options.weightDecay });
  try {
    let schedule: ScheduleState = initialSchedule(options.schedule, options.learningRate, options.epochs);
    let random = createRandom(deriveSeed(options.seed, 2));
    let startEpoch = 0;
    let firstBatch = 0;
    let step = 0;
    let bestValidationLoss = Infinity;
    let sums: EpochSums = { lossSum: 0, correct: 0, seen: 0 };
    let history: EpochMetrics[] = [];
    let pca: ColourPca | undefined;

    if (options.resume) {
      if (!existsSync(checkpointPath)) throw new CheckpointError(`--resume: ${checkpointPath} does not exist; run without --resume to start training`);
      const checkpoint = loadCheckpoint(checkpointPath, { variant: options.variant, classCount });
      const metadata = checkpoint.metadata;
      if (metadata === undefined) throw new CheckpointError(`--resume: ${checkpointPath} holds weights only, no training state`);
      const saved = metadata.training as { seed?: number; batchSize?: number; pca?: ColourPca | null; sums?: EpochSums };
      if (saved.seed !== options.seed || saved.batchSize !== options.batchSize) {
        throw new CheckpointError(`--resume: ${checkpointPath} was trained with --seed ${saved.seed} --batch ${saved.batchSize}; resume with the same values to continue exactly`);
      }
      model.importParameters(checkpoint.parameters);
      optimizer.importState(checkpoint.velocities);
      schedule = { ...(metadata.schedule as ScheduleState), epochs: options.epochs };
      optimizer.learningRate = metadata.learningRate;
      random = randomFromState(metadata.randomState);
      startEpoch = metadata.epoch;
      firstBatch = metadata.stepInEpoch;
      step = metadata.step;
      bestValidationLoss = metadata.bestValidationLoss;
      sums = saved.sums ?? sums;
      pca = saved.pca ?? undefined;
      history = truncateMetrics(metricsPath, startEpoch);
      reporter.message(`resuming from ${checkpointPath}: epoch ${startEpoch + 1}, step ${step}, learning rate ${metadata.learningRate}`);
    } else if (options.augmentation.pca && channels === 3) {
      pca = await computeColourPca(data.train, { seed: deriveSeed(options.seed, 4) });
      reporter.message(`PCA colour augmentation: eigenvalues ${pca.eigenvalues.map((value) => value.toExponential(3)).join(", ")}`);
    }
    optimizer.learningRate = schedule.learningRate;

    const save = (path: string, epoch: number, stepInEpoch: number): Promise<void> =>
      writeCheckpoint(path, model, optimizer, {
        variant: options.variant,
        variantOptions: options.variantOptions,
        classNames: data.train.classNames,
        epoch,
        stepInEpoch,
        step,
        randomState: random.state(),
        learningRate: optimizer.learningRate,
        schedule,
        bestValidationLoss,
        training: {
          seed: options.seed,
          batchSize: options.batchSize,
          momentum: options.momentum,
          weightDecay: options.weightDecay,
          epochs: options.epochs,
          data: options.dataText,
          storedSize: data.train.height,
          geometry,
          normalization: data.normalization,
          augmentation: options.augmentation,
          pca: pca ?? null,
          sums,
        },
      });

    const batches = Math.ceil(data.train.count / options.batchSize);
    for (let epoch = startEpoch; epoch < options.epochs; epoch++) {
      const order = permutation(data.train.count, createRandom(deriveSeed(options.seed, 3, epoch)));
      reporter.epochStart(epoch + 1, options.epochs, batches, firstBatch);
      const started = performance.now();
      let imagesThisRun = 0;
      for (let batchIndex = firstBatch; batchIndex < batches; batchIndex++) {
        const read = await data.train.read(order.slice(batchIndex * options.batchSize, (batchIndex + 1) * options.batchSize));
        if (read.count > 0) {
          const augmentation = { crop: options.augmentation.crop, flip: options.augmentation.flip, pca: options.augmentation.pca ? pca : undefined };
          const inputs = augmentBatch(read.images, read.count, channels, geometry, augmentation, random);
          normalizeImages(inputs, channels, geometry.cropSize ** 2, data.normalization);
          const dropoutSeed = random.integer(4294967296);
          let result: { loss: number; correct: number };
          try {
            result = await model.trainStep(inputs, read.labels, optimizer, { seed: dropoutSeed });
          } catch (error) {
            if (error instanceof NonFiniteLossError) {
              const kept = existsSync(checkpointPath) ? `the last good checkpoint ${checkpointPath} is intact` : "no checkpoint was written yet";
              throw new TrainingDivergedError(
                `the loss became ${error.loss} at epoch ${epoch + 1}, step ${step + 1} (learning rate ${optimizer.learningRate}): training diverged and stopped; ${kept}; try a lower --lr`,
              );
            }
            throw error;
          }
          step++;
          sums.lossSum += result.loss * read.count;
          sums.correct += result.correct;
          sums.seen += read.count;
          imagesThisRun += read.count;
          options.onStepLoss?.(step, result.loss);
          const seconds = (performance.now() - started) / 1000;
          const imagesPerSecond = imagesThisRun / Math.max(seconds, 1e-9);
          const left = data.train.count - Math.min(data.train.count, (batchIndex + 1) * options.batchSize);
          reporter.step({
            epoch: epoch + 1,
            batch: batchIndex + 1,
            batches,
            loss: result.loss,
            meanLoss: sums.lossSum / sums.seen,
            accuracy: sums.correct / sums.seen,
            imagesPerSecond,
            secondsLeft: left / imagesPerSecond,
          });
        }
        // Let the event loop run between steps: a step's awaits may all resolve as microtasks, and
        // without a macrotask boundary Ctrl-C's handler (a libuv signal callback) would never run.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted === true && batchIndex + 1 < batches) {
          await save(checkpointPath, epoch, batchIndex + 1);
          reporter.message(`interrupted: saved ${checkpointPath} at epoch ${epoch + 1}, batch ${batchIndex + 1}/${batches}; continue with --resume`);
          return { interrupted: true, epochsCompleted: epoch, steps: step, history, checkpointPath, chartPath: undefined, test: undefined };
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const validation = await evaluateDataset(model, data.validation, pipeline);
      if (!Number.isFinite(validation.loss) && data.validation.count > 0) {
        const kept = existsSync(checkpointPath) ? `the last good checkpoint ${checkpointPath} is intact` : "no checkpoint was written yet";
        throw new TrainingDivergedError(
          `the validation loss became ${validation.loss} after epoch ${epoch + 1} (learning rate ${optimizer.learningRate}): training diverged and stopped; ${kept}; try a lower --lr`,
        );
      }
      const trainedWith = optimizer.learningRate;
      schedule = advanceSchedule(schedule, epoch + 1, validation.loss);
      optimizer.learningRate = schedule.learningRate;
      const improved = validation.loss < bestValidationLoss;
      if (improved) bestValidationLoss = validation.loss;
      const metrics: EpochMetrics = {
        epoch: epoch + 1,
        step,
        learningRate: trainedWith,
        trainLoss: sums.seen > 0 ? sums.lossSum / sums.seen : Number.NaN,
        trainAccuracy: sums.seen > 0 ? sums.correct / sums.seen : 0,
        validationLoss: validation.loss,
        validationAccuracy: validation.top1,
        validationTop5: validation.top5,
        seconds,
        imagesPerSecond: sums.seen / Math.max(seconds, 1e-9),
      };
      sums = { lossSum: 0, correct: 0, seen: 0 };
      firstBatch = 0;
      await save(checkpointPath, epoch + 1, 0);
      if (improved) await save(join(outFolder, outputFiles.best), epoch + 1, 0);
      appendMetrics(metricsPath, metrics);
      history.push(metrics);
      reporter.epochEnd(metrics);
      if (options.signal?.aborted === true && epoch + 1 < options.epochs) {
        reporter.message(`interrupted: saved ${checkpointPath} after epoch ${epoch + 1}; continue with --resume`);
        return { interrupted: true, epochsCompleted: epoch + 1, steps: step, history, checkpointPath, chartPath: undefined, test: undefined };
      }
    }

    const chartPath = join(outFolder, outputFiles.chart);
    writeFileSync(chartPath, renderTrainingChart(history, `${options.variant} on ${options.dataText}`));
    const test = data.test === undefined ? undefined : await evaluateDataset(model, data.test, pipeline);
    return { interrupted: false, epochsCompleted: options.epochs, steps: step, history, checkpointPath, chartPath, test };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

async function writeCheckpoint(path: string, model: Model, optimizer: SgdOptimizer, metadata: CheckpointMetadata): Promise<void> {
  saveCheckpoint(path, { parameters: await model.exportParameters(), velocities: await optimizer.exportState(), metadata });
}

