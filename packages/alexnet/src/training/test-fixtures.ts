import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Backend } from "@alexnet-ts/engine";
import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import type { DataSource } from "../data/source.js";
import { splitDataset } from "../data/split.js";
import { createSyntheticDataset, syntheticNormalization } from "../data/synthetic.js";
import { train, type TrainOptions } from "./trainer.js";

/**
 * A tiny AlexNet-shaped graph for fast tests: conv 3×3 + ReLU, overlapping max pool, dropout,
 * one fully connected layer, softmax. A few hundred parameters; a step takes milliseconds.
 */
export function tinyGraph(channels: number, size: number, classes: number): Graph {
  const builder = new GraphBuilder("tiny", [channels, size, size]);
  builder.conv2d("conv1", { outChannels: 4, kernel: 3, padding: 1 }, { initializers: { weight: { kind: "normal", mean: 0, standardDeviation: 0.2 }, bias: { kind: "constant", value: 0 } } });
  builder.relu("relu1");
  builder.maxPool2d("pool1", { kernel: 3, stride: 2 });
  builder.flatten("flatten");
  builder.dropout("dropout", 0.25);
  builder.linear("fc", { outFeatures: classes }, { initializers: { weight: { kind: "normal", mean: 0, standardDeviation: 0.1 }, bias: { kind: "constant", value: 0 } } });
  builder.softmax("softmax");
  return builder.build();
}

/** A small synthetic data source: `count` images of `channels`×8×8 in 3 classes, 20% for validation. */
export function tinySource(count = 60, channels = 3, seed = 5): DataSource {
  const all = createSyntheticDataset({ count, classes: 3, channels, size: 8, seed });
  const { train, validation } = splitDataset(all, 0.2, seed);
  const test = createSyntheticDataset({ count: 30, classes: 3, channels, size: 8, seed, firstIndex: count });
  return { spec: { kind: "synthetic" }, train, validation, test, normalization: syntheticNormalization, flipByDefault: true };
}

/** A fresh temporary folder. */
export function temporaryFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Options for a tiny run of `graph` on `tinySource()` into `outFolder`: 2 epochs of batch 8,
 * seed 11, crops and flips (PCA colour as asked); `overrides` win.
 */
export function tinyTrainOptions(run: { backend: Backend; graph: Graph; outFolder: string; pca: boolean }, overrides: Partial<TrainOptions>): TrainOptions {
  return {
    backend: run.backend,
    variant: "tiny",
    variantOptions: { classes: 3 },
    graph: run.graph,
    data: tinySource(),
    dataText: "synthetic",
    epochs: 2,
    batchSize: 8,
    learningRate: 0.01,
    momentum: 0.9,
    weightDecay: 5e-4,
    schedule: "plateau",
    seed: 11,
    augmentation: { crop: true, flip: true, pca: run.pca },
    outFolder: run.outFolder,
    resume: false,
    ...overrides,
  };
}

/** Trains with `options` and returns every step's loss, in order. */
export async function trainingLosses(options: TrainOptions): Promise<number[]> {
  const collected: number[] = [];
  await train({ ...options, onStepLoss: (_, loss) => collected.push(loss) });
  return collected;
}
