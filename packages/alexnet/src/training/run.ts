import { join } from "node:path";
import { createModel, createSgdOptimizer, type Model, type SgdOptimizer } from "@alexnet-ts/engine";
import { cropGeometry } from "../augmentation/crop.js";
import { deriveSeed } from "../data/derive-seed.js";
import type { TrainOptions } from "./options.js";
import { outputFiles } from "./output-files.js";
import type { InputPipeline } from "./pipeline.js";
import { silentReporter, type TrainingReporter } from "./progress.js";
import { openRunFolder, prepareStatesFolder, type RunFolder } from "./run-folder.js";
import { dataFingerprint } from "./run-settings.js";

/** What stays fixed while a run trains: its options, the model and optimizer, where files go. */
export interface TrainingRun {
  readonly options: TrainOptions;
  readonly reporter: TrainingReporter;
  /** The output folder, locked by this run; its manifest is the last committed state. */
  readonly folder: RunFolder;
  readonly model: Model;
  readonly optimizer: SgdOptimizer;
  readonly pipeline: InputPipeline;
  /** Batches per epoch. */
  readonly batches: number;
  /** A digest of the training data (see dataFingerprint), stored so a resume on other data is refused. */
  readonly dataFingerprint: string;
  /** The public names in the output folder. */
  readonly paths: { readonly checkpoint: string; readonly best: string; readonly metrics: string; readonly chart: string };
}

/**
 * Opens the output folder (checked, locked, cleaned; see openRunFolder) and then creates the
 * model (initialized from the seed) and its optimizer.
 */
export async function openTrainingRun(options: TrainOptions): Promise<TrainingRun> {
  const { data, outFolder } = options;
  const folder = openRunFolder(outFolder, { resume: options.resume, overwrite: options.overwrite, ownerIsAlive: options.lockOwnerIsAlive });
  try {
    prepareStatesFolder(outFolder);
    const fingerprint = await dataFingerprint(data);
    const channels = data.train.channels;
    const geometry = cropGeometry(data.train.height, options.graph.input.shape[1]);
    const model = await createModel(options.backend, options.graph, { seed: deriveSeed(options.seed, 1) });
    const optimizer = createSgdOptimizer(model, { learningRate: options.learningRate, momentum: options.momentum, weightDecay: options.weightDecay });
    return {
      options,
      reporter: options.reporter ?? silentReporter,
      folder,
      model,
      optimizer,
      pipeline: { channels, geometry, normalization: data.normalization },
      batches: Math.ceil(data.train.count / options.batchSize),
      dataFingerprint: fingerprint,
      paths: {
        checkpoint: join(outFolder, outputFiles.checkpoint),
        best: join(outFolder, outputFiles.best),
        metrics: join(outFolder, outputFiles.metrics),
        chart: join(outFolder, outputFiles.chart),
      },
    };
  } catch (error) {
    folder.close();
    throw error;
  }
}

/** Frees the model's and optimizer's tensors and releases the folder's lock. */
export function closeTrainingRun(run: TrainingRun): void {
  try {
    run.optimizer.dispose();
    run.model.dispose();
  } finally {
    run.folder.close();
  }
}
