import { createModel, type Backend, type Model } from "@alexnet-ts/engine";
import { analyzeGraph, GraphError, type Graph } from "@alexnet-ts/ir";
import { cropGeometry, type CropGeometry } from "../augmentation/crop.js";
import type { Checkpoint, CheckpointMetadata } from "../checkpoint/checkpoint-format.js";
import { CheckpointError } from "../checkpoint/errors.js";
import type { RgbImage } from "../data/decode-image.js";
import { imagenetClassNames } from "../data/imagenet-classes.js";
import { imagenetNormalization, normalizeImages, type Normalization } from "../data/normalize.js";
import { resizeAndCenterCrop, torchvisionResizeAndCenterCrop } from "../data/resize.js";
import { buildVariant, getVariant } from "../variants/index.js";
import { evaluationInputs, type InputPipeline } from "./pipeline.js";
import { topClasses, softmaxRows } from "./evaluate.js";

// A trained model from a checkpoint already in memory, and one decoded image through it: no file
// system, so the browser app runs exactly what `alexnet predict --checkpoint` runs (load-model.ts
// adds the files).

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
 * Builds the model a decoded checkpoint holds (`source` names it in errors) and loads its
 * parameters; converted weights without metadata as loadTrainedModel describes.
 */
export async function restoreTrainedModel(backend: Backend, checkpoint: Checkpoint, source: string, options: LoadOptions = {}): Promise<TrainedModel> {
  const metadata = checkpoint.metadata;
  let graph = options.graph;
  let classNames: readonly string[];
  let pipeline: InputPipeline;
  if (metadata !== undefined) {
    graph ??= buildVariant(metadata.variant, metadata.variantOptions);
    classNames = metadata.classNames;
    const training = metadata.training as { geometry?: CropGeometry; normalization?: Normalization };
    if (training.geometry === undefined || training.normalization === undefined) throw new CheckpointError(`${source} has a broken checkpoint header: no input geometry or normalization`);
    pipeline = { channels: graph.input.shape[0], geometry: training.geometry, normalization: training.normalization };
  } else {
    if (options.variant === undefined && options.graph === undefined) throw new CheckpointError(`${source} has no alexnet-ts metadata (converted weights?); pass --variant to say which model it holds`);
    const classes = convertedClassCount(checkpoint.parameters, graph ?? buildVariant(getVariant(options.variant!).name));
    graph ??= buildVariant(getVariant(options.variant!).name, { classes });
    classNames = classes === imagenetClassNames.length ? imagenetClassNames : Array.from({ length: classes ?? 0 }, (_, index) => `class-${index}`);
    const size = graph.input.shape[1];
    const geometry = cropGeometry(Math.max(size, Math.round((size * 256) / 224)), size);
    pipeline = { channels: graph.input.shape[0], geometry, normalization: imagenetNormalization, imageResize: "torchvision" };
  }
  const model = await createModel(backend, graph, { seed: 0 });
  try {
    model.importParameters(checkpoint.parameters);
  } catch (error) {
    model.dispose();
    if (error instanceof GraphError) throw new CheckpointError(`${source} does not fit ${graph.name}: ${error.message}`);
    throw error;
  }
  return { model, classNames, pipeline, metadata };
}

/**
 * The class count of converted weights: the first dimension of the model's last layer's bias
 * (classifier.6.bias for torchvision), found by its name in the graph rather than by the file's
 * order, since PyTorch's safetensors writer sorts names (features.8.bias would come last).
 */
function convertedClassCount(parameters: ReadonlyMap<string, { readonly shape: readonly number[] }>, graph: Graph): number | undefined {
  const last = analyzeGraph(graph).parameters.filter((parameter) => parameter.fullName.endsWith(".bias")).at(-1);
  const bias = last === undefined ? undefined : parameters.get(last.fullName);
  return bias?.shape[0];
}

/**
 * One decoded image's `top` most likely classes (all of them when the model has fewer), prepared
 * as the pipeline says (see `InputPipeline.imageResize`).
 */
export async function classifyImage(trained: TrainedModel, decoded: RgbImage, top = 5): Promise<{ className: string; index: number; probability: number }[]> {
  const { model, pipeline } = trained;
  const { storedSize, cropSize } = pipeline.geometry;
  const rgb = pipeline.imageResize === "torchvision" ? torchvisionResizeAndCenterCrop(decoded, storedSize, cropSize) : resizeAndCenterCrop(decoded, storedSize);
  let inputs: Float32Array;
  if (pipeline.imageResize === "torchvision") {
    inputs = pipeline.channels === 3 ? rgb : toGrey(rgb, cropSize * cropSize);
    normalizeImages(inputs, pipeline.channels, cropSize * cropSize, pipeline.normalization);
  } else {
    inputs = evaluationInputs(pipeline.channels === 3 ? rgb : toGrey(rgb, storedSize * storedSize), 1, pipeline);
  }
  const { logits } = await model.evaluate(inputs, new Int32Array([0]), 1);
  const probabilities = softmaxRows(logits, model.classCount);
  return topClasses(probabilities, Math.min(top, model.classCount)).map(({ index, score }) => ({ className: trained.classNames[index] ?? `class-${index}`, index, probability: score }));
}

function toGrey(rgb: Float32Array, plane: number): Float32Array {
  const grey = new Float32Array(plane);
  for (let pixel = 0; pixel < plane; pixel++) grey[pixel] = (rgb[pixel] + rgb[plane + pixel] + rgb[2 * plane + pixel]) / 3;
  return grey;
}
