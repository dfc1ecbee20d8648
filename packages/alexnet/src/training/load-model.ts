import { readFileSync } from "node:fs";
import type { Backend } from "@alexnet-ts/engine";
import { loadCheckpoint } from "../checkpoint/checkpoint.js";
import { decodeImage, type RgbImage } from "../data/decode-image.js";
import { DataError } from "../data/errors.js";
import { resolveCheckpointPath } from "./run-folder.js";
import { classifyImage, restoreTrainedModel, type LoadOptions, type TrainedModel } from "./trained-model.js";

export { classifyImage, restoreTrainedModel, type LoadOptions, type TrainedModel } from "./trained-model.js";

/**
 * Loads a checkpoint written by `train` (a file, or a run folder: its committed checkpoint), or weights converted from PyTorch (torchvision's
 * state_dict names, no metadata: then `variant` is required, classes come from the last layer —
 * 1,000 are ImageNet's, named from `imagenetClassNames`, others "class-0" … — and image files get
 * torchvision's Resize(256) + CenterCrop(224) and ImageNet normalization).
 */
export async function loadTrainedModel(backend: Backend, given: string, options: LoadOptions = {}): Promise<TrainedModel> {
  // A run folder, or its checkpoint.safetensors / best.safetensors, is read through its manifest.
  const path = resolveCheckpointPath(given);
  return restoreTrainedModel(backend, loadCheckpoint(path, { variant: options.variant }), path, options);
}

/** One image's most likely classes, best first. */
export interface Prediction {
  readonly path: string;
  readonly top: { className: string; index: number; probability: number }[];
}

/**
 * Classifies one image file (JPEG or PNG), prepared as the pipeline says (see
 * `InputPipeline.imageResize`), and returns its `top` most likely classes (all of them when the
 * model has fewer). A file that cannot be read or decoded is a DataError naming it.
 */
export async function predictFile(trained: TrainedModel, path: string, top = 5): Promise<Prediction> {
  let decoded: RgbImage;
  try {
    decoded = decodeImage(readFileSync(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
    throw new DataError(`cannot read image ${path}: ${reason}`, path);
  }
  return { path, top: await classifyImage(trained, decoded, top) };
}

/** Classifies image files in order (see `predictFile`); the first unreadable one throws. */
export async function predictFiles(trained: TrainedModel, paths: readonly string[], top = 5): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (const path of paths) predictions.push(await predictFile(trained, path, top));
  return predictions;
}
