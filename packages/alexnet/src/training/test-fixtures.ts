import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import type { DataSource } from "../data/source.js";
import { splitDataset } from "../data/split.js";
import { createSyntheticDataset, syntheticNormalization } from "../data/synthetic.js";

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
