import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkIndex, type Dataset, type ImageBatch } from "./dataset.js";
import { DataError } from "./errors.js";
import { readIdxFile, type IdxArray } from "./idx.js";
import type { Normalization } from "./normalize.js";
import { PixelHistogram, roundStatistics } from "./pixel-statistics.js";

/** The four files of an MNIST-style dataset, by their official names (each may also end in .gz). */
export const idxFileNames = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
} as const;

/** What an MNIST-style dataset is called and how its classes are named. */
export interface IdxDatasetInfo {
  /** For descriptions and errors: "mnist", "fashion-mnist". */
  readonly name: string;
  readonly classNames: readonly string[];
}

const loadedFiles = new Map<string, IdxArray>();
const statistics = new Map<string, Normalization>();

/** Identifies a file's version: a rewritten file is read again. */
function fileKey(path: string): string {
  const status = statSync(path);
  return `${path}|${status.size}|${status.mtimeMs}`;
}

/** Reads an IDX file once per process (per version): the training images are shared by the training split, the validation split and the statistics. */
function loadIdx(path: string): IdxArray {
  const key = fileKey(path);
  let loaded = loadedFiles.get(key);
  if (loaded === undefined) {
    loaded = readIdxFile(path);
    loadedFiles.set(key, loaded);
  }
  return loaded;
}

/** The path of one of the four files in a folder, plain or gzip-compressed; a DataError naming the file when neither is there. */
export function findIdxFile(folder: string, name: string, info: IdxDatasetInfo, hint: string): string {
  for (const candidate of [join(folder, name), join(folder, `${name}.gz`)]) if (existsSync(candidate)) return candidate;
  throw new DataError(`${info.name}: ${join(folder, name)}[.gz] is missing; ${hint}`, folder);
}

/**
 * An MNIST-style dataset from the IDX files in `folder` (train-images-idx3-ubyte …, plain or .gz):
 * greyscale images of any fixed size, labels 0 … classes − 1. The whole file is held as bytes
 * (47 MB for MNIST's 60,000 training images) and scaled to [0, 1] when read.
 */
export function createIdxDataset(folder: string, part: "train" | "test", info: IdxDatasetInfo, hint: string): Dataset {
  const files = idxFileNames[part];
  const imagesPath = findIdxFile(folder, files.images, info, hint);
  const labelsPath = findIdxFile(folder, files.labels, info, hint);
  const images = loadIdx(imagesPath);
  const labels = loadIdx(labelsPath);
  if (images.shape.length !== 3) throw new DataError(`${imagesPath} has ${images.shape.length} dimensions; an images file has 3 (count, rows, columns)`, imagesPath);
  if (labels.shape.length !== 1) throw new DataError(`${labelsPath} has ${labels.shape.length} dimensions; a labels file has 1`, labelsPath);
  const [count, height, width] = images.shape;
  if (labels.shape[0] !== count) throw new DataError(`${imagesPath} holds ${count} images but ${labelsPath} ${labels.shape[0]} labels`, labelsPath);
  const classes = info.classNames.length;
  const badLabel = labels.data.findIndex((label) => label >= classes);
  if (badLabel >= 0) throw new DataError(`${labelsPath} has label ${labels.data[badLabel]} at ${badLabel}; ${info.name} has classes 0 … ${classes - 1}`, labelsPath);
  const pixels = height * width;
  return {
    description: `${info.name} (${part}, ${count.toLocaleString("en-US")} images)`,
    count,
    classNames: info.classNames,
    channels: 1,
    height,
    width,
    labelOf: (index) => labels.data[checkIndex(index, count)],
    read: async (indices): Promise<ImageBatch> => {
      const batch = new Float32Array(indices.length * pixels);
      const batchLabels = new Int32Array(indices.length);
      indices.forEach((index, position) => {
        const start = checkIndex(index, count) * pixels;
        for (let pixel = 0; pixel < pixels; pixel++) batch[position * pixels + pixel] = images.data[start + pixel] / 255;
        batchLabels[position] = labels.data[index];
      });
      return { images: batch, labels: batchLabels, count: indices.length };
    },
  };
}

/**
 * The mean and standard deviation of all the training images' pixels in `folder` (every one of the
 * training file's images, validation part included, as the published constants are), rounded to
 * four decimals; computed once per process.
 */
export function idxTrainingStatistics(folder: string, info: IdxDatasetInfo, hint: string): Normalization {
  const path = findIdxFile(folder, idxFileNames.train.images, info, hint);
  const key = fileKey(path);
  let result = statistics.get(key);
  if (result === undefined) {
    const histogram = new PixelHistogram(1);
    histogram.add(0, loadIdx(path).data);
    result = roundStatistics(histogram.normalization());
    statistics.set(key, result);
  }
  return result;
}
