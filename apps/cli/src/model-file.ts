import { existsSync, readFileSync, statSync } from "node:fs";
import { CheckpointError, cropGeometry, imagenetClassNames, imagenetNormalization, loadTrainedModel, type CheckpointMetadata, type InputPipeline, type LoadOptions, type TrainedModel } from "@alexnet-ts/alexnet";
import { createModel, type Backend } from "@alexnet-ts/engine";
import { analyzeGraph } from "@alexnet-ts/ir";
import { importOnnx, OnnxError } from "@alexnet-ts/onnx";

/** Where `alexnet export` keeps the checkpoint's metadata (training settings: crop geometry, normalization, seed) in an ONNX file. */
export const checkpointMetadataKey = "alexnet-ts.checkpoint-metadata";

/**
 * The model in a checkpoint, a run folder, or an ONNX file (`*.onnx`, imported with @alexnet-ts/onnx):
 * predict and eval take any of them. An ONNX file's classes, input pipeline and training settings
 * come from its metadata when `alexnet export` wrote it from a checkpoint; otherwise, as for converted weights,
 * 1,000 classes are ImageNet's and images get torchvision's Resize + CenterCrop and ImageNet normalization.
 */
export async function loadModelFile(backend: Backend, path: string, options: LoadOptions = {}): Promise<TrainedModel> {
  if (!path.endsWith(".onnx")) return loadTrainedModel(backend, path, options);
  if (!existsSync(path) || !statSync(path).isFile()) throw new CheckpointError(`${path} does not exist or is not a file; give the path of a .onnx model`);
  let imported;
  try {
    imported = importOnnx(readFileSync(path), path);
  } catch (error) {
    if (error instanceof OnnxError) throw new CheckpointError(error.message);
    throw error;
  }
  const { graph, parameters, metadata } = imported;
  const classes = analyzeGraph(graph).outputShape[1];
  const classNames = graph.classNames ?? (classes === imagenetClassNames.length ? imagenetClassNames : Array.from({ length: classes }, (_, index) => `class-${index}`));
  const model = await createModel(backend, graph, { seed: 0 });
  model.importParameters(parameters);
  const checkpointMetadata = readCheckpointMetadata(metadata[checkpointMetadataKey]);
  return { model, classNames, pipeline: inputPipeline(checkpointMetadata, graph.input.shape), metadata: checkpointMetadata };
}

function readCheckpointMetadata(stored: string | undefined): CheckpointMetadata | undefined {
  if (stored === undefined) return undefined;
  const parsed = JSON.parse(stored) as CheckpointMetadata & { bestValidationLoss: number | null };
  // JSON has no Infinity: the loss before the first validation comes back as null.
  return { ...parsed, bestValidationLoss: parsed.bestValidationLoss ?? Number.POSITIVE_INFINITY };
}

function inputPipeline(metadata: CheckpointMetadata | undefined, inputShape: readonly number[]): InputPipeline {
  const training = metadata?.training as Partial<Omit<InputPipeline, "channels">> | undefined;
  if (training?.geometry !== undefined && training.normalization !== undefined) {
    return { channels: inputShape[0], geometry: training.geometry, normalization: training.normalization };
  }
  const size = inputShape[1];
  return { channels: inputShape[0], geometry: cropGeometry(Math.max(size, Math.round((size * 256) / 224)), size), normalization: imagenetNormalization, imageResize: "torchvision" };
}
