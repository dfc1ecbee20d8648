import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createModel, createSgdOptimizer, type Model, type SgdOptimizer } from "@alexnet-ts/engine";
import { cropGeometry } from "../augmentation/crop.js";
import { deriveSeed } from "../data/derive-seed.js";
import { outputFiles, type TrainOptions } from "./options.js";
import type { InputPipeline } from "./pipeline.js";
import { silentReporter, type TrainingReporter } from "./progress.js";

/** What stays fixed while a run trains: its options, the model and optimizer, where files go. */
export interface TrainingRun {
  readonly options: TrainOptions;
  readonly reporter: TrainingReporter;
  readonly model: Model;
  readonly optimizer: SgdOptimizer;
  readonly pipeline: InputPipeline;
  /** Batches per epoch. */
  readonly batches: number;
  readonly paths: { readonly checkpoint: string; readonly best: string; readonly metrics: string; readonly chart: string };
}

/** Creates the output folder, the model (initialized from the seed) and its optimizer. */
export async function openTrainingRun(options: TrainOptions): Promise<TrainingRun> {
  const { data, outFolder } = options;
  mkdirSync(outFolder, { recursive: true });
  const channels = data.train.channels;
  const geometry = cropGeometry(data.train.height, options.graph.input.shape[1]);
  const model = await createModel(options.backend, options.graph, { seed: deriveSeed(options.seed, 1) });
  const optimizer = createSgdOptimizer(model, { learningRate: options.learningRate, momentum: options.momentum, weightDecay: options.weightDecay });
  return {
    options,
    reporter: options.reporter ?? silentReporter,
    model,
    optimizer,
    pipeline: { channels, geometry, normalization: data.normalization },
    batches: Math.ceil(data.train.count / options.batchSize),
    paths: {
      checkpoint: join(outFolder, outputFiles.checkpoint),
      best: join(outFolder, outputFiles.best),
      metrics: join(outFolder, outputFiles.metrics),
      chart: join(outFolder, outputFiles.chart),
    },
  };
}

/** Frees the model's and optimizer's tensors. */
export function closeTrainingRun(run: TrainingRun): void {
  run.optimizer.dispose();
  run.model.dispose();
}
