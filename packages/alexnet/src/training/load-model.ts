import { readFileSync } from "node:fs";
import { createModel, type Backend, type Model } from "@alexnet-ts/engine";
import { GraphError, type Graph } from "@alexnet-ts/ir";
import { cropGeometry, type CropGeometry } from "../augmentation/crop.js";
import { loadCheckpoint, type CheckpointMetadata } from "../checkpoint/checkpoint.js";
import { CheckpointError } from "../checkpoint/errors.js";
import { decodeImage } from "../data/decode-image.js";
import { imagenetNormalization, type Normalization } from "../data/normalize.js";
import { resizeAndCenterCrop } from "../data/resize.js";
import { buildVariant, getVariant } from "../variants/index.js";
import { evaluationInputs, type InputPipeline } from "./pipeline.js";
import { resolveCheckpointPath } from "./run-folder.js";
import { topClasses, softmaxRows } from "./evaluate.js";

/** A model restored from a checkpoint, with what is needed to feed it images. */
export interface TrainedModel {
  readonly model: Model;
  readonly classNames: readonly string[];
  readonly pipeline: InputPipeline;
  /** Undefined for converted weights. */
  readonly metadata: CheckpointMetadata | undefined;
}

/** Options for loading a checkpoint. */
export interface LoadOptions {
  /** The variant for weights without our metadata (torchvision weights converted from PyTorch); checked against the checkpoint otherwise. */
  readonly variant?: string;
  /** A graph to load into instead of rebuilding the variant (tests). */
  readonly graph?: Graph;
}

/**
 * Loads a checkpoint written by `train` (a file, or a run folder: its committed checkpoint), or weights converted from PyTorch (torchvision's
 * state_dict names, no metadata: then `variant` is required, classes come from the last layer and
 * are named "class-0" …, inputs are 224×224 crops of 256×256 images with ImageNet normalization).
 */
export async function loadTrainedModel(backend: Backend, given: string, options: LoadOptions = {}): Promise<TrainedModel> {
  // A run folder, or its checkpoint.safetensors / best.safetensors, is read through its manifest.
  const path = resolveCheckpointPath(given);
  const checkpoint = loadCheckpoint(path, { variant: options.variant });
  const metadata = checkpoint.metadata;
  let graph = options.graph;
  let classNames: readonly string[];
  let pipeline: InputPipeline;
  if (metadata !== undefined) {
    graph ??= buildVariant(metadata.variant, metadata.variantOptions);
    classNames = metadata.classNames;
    const training = metadata.training as { geometry?: CropGeometry; normalization?: Normalization };
    if (training.geometry === undefined || training.normalization === undefined) throw new CheckpointError(`${path} has a broken checkpoint header: no input geometry or normalization`);
    pipeline = { channels: graph.input.shape[0], geometry: training.geometry, normalization: training.normalization };
  } else {
    if (options.variant === undefined && options.graph === undefined) throw new CheckpointError(`${path} has no alexnet-ts metadata (converted weights?); pass --variant to say which model it holds`);
    const names = [...checkpoint.parameters.keys()];
    const lastBias = names.reverse().find((name) => name.endsWith(".bias"));
    const classes = lastBias === undefined ? undefined : checkpoint.parameters.get(lastBias)!.shape[0];
    if (graph === undefined) {
      const variant = getVariant(options.variant!);
      graph = buildVariant(variant.name, { classes });
    }
    classNames = Array.from({ length: classes ?? 0 }, (_, index) => `class-${index}`);
    const size = graph.input.shape[1];
    pipeline = { channels: graph.input.shape[0], geometry: cropGeometry(Math.max(size, Math.round((size * 256) / 224)), size), normalization: imagenetNormalization };
  }
  const model = await createModel(backend, graph, { seed: 0 });
  try {
    model.importParameters(checkpoint.parameters);
  } catch (error) {
    model.dispose();
    if (error instanceof GraphError) throw new CheckpointError(`${path} does not fit ${graph.name}: ${error.message}`);
    throw error;
  }
  return { model, classNames, pipeline, metadata };
}

/** One image's five most likely classes. */
export interface Prediction {
  readonly path: string;
  readonly top: { className: string; probability: number }[];
}

/** Classifies image files (JPEG or PNG): rescaled and centre-cropped as in training, top-5 with class names. */
export async function predictFiles(trained: TrainedModel, paths: readonly string[]): Promise<Prediction[]> {
  const { model, pipeline } = trained;
  const stored = pipeline.geometry.storedSize;
  const predictions: Prediction[] = [];
  for (const path of paths) {
    let rgb: Float32Array;
    try {
      rgb = resizeAndCenterCrop(decodeImage(readFileSync(path)), stored);
    } catch (error) {
      throw new CheckpointError(`cannot read image ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const image = pipeline.channels === 3 ? rgb : toGrey(rgb, stored * stored);
    const inputs = evaluationInputs(image, 1, pipeline);
    const { logits } = await model.evaluate(inputs, new Int32Array([0]), 1);
    const probabilities = softmaxRows(logits, model.classCount);
    const top = topClasses(probabilities, Math.min(5, model.classCount)).map(({ index, score }) => ({ className: trained.classNames[index] ?? `class-${index}`, probability: score }));
    predictions.push({ path, top });
  }
  return predictions;
}

function toGrey(rgb: Float32Array, plane: number): Float32Array {
  const grey = new Float32Array(plane);
  for (let pixel = 0; pixel < plane; pixel++) grey[pixel] = (rgb[pixel] + rgb[plane + pixel] + rgb[2 * plane + pixel]) / 3;
  return grey;
}
