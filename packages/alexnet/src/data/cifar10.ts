import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkIndex, type Dataset, type ImageBatch } from "./dataset.js";
import { DataError } from "./errors.js";
import type { Normalization } from "./normalize.js";
import { PixelHistogram, roundStatistics } from "./pixel-statistics.js";

const side = 32;
const plane = side * side;
const pixels = 3 * plane;
/** One record: a label byte, then 1024 red, 1024 green and 1024 blue bytes (row-major). */
const recordBytes = 1 + pixels;

/** The CIFAR-10 class names, used when batches.meta.txt is missing. */
export const cifar10ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

const statistics = new Map<string, Normalization>();

/**
 * Per-channel normalization for CIFAR-10, computed from the folder's 50,000 training images
 * (four decimals; once per process): mean 0.4914, 0.4822, 0.4465 and standard deviation 0.247,
 * 0.2435, 0.2616 for the official files.
 */
export function cifar10Normalization(folder: string): Normalization {
  let result = statistics.get(folder);
  if (result !== undefined) return result;
  const histogram = new PixelHistogram(3);
  for (const number of [1, 2, 3, 4, 5]) {
    const bytes = readFileSync(join(folder, `data_batch_${number}.bin`));
    for (let start = 0; start + recordBytes <= bytes.length; start += recordBytes) {
      for (let channel = 0; channel < 3; channel++) histogram.add(channel, bytes.subarray(start + 1 + channel * plane, start + 1 + (channel + 1) * plane));
    }
  }
  result = roundStatistics(histogram.normalization());
  statistics.set(folder, result);
  return result;
}

/**
 * CIFAR-10 in its binary format ("CIFAR-10 binary version" from the dataset's page), from a folder
 * the user gives: data_batch_1.bin … data_batch_5.bin (train), test_batch.bin (test) and
 * batches.meta.txt (class names). Records are read from disk on demand.
 */
export function createCifar10Dataset(folder: string, part: "train" | "test"): Dataset {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new DataError(`CIFAR-10 folder ${folder} does not exist; give the folder holding data_batch_1.bin … test_batch.bin (the binary version)`, folder);
  }
  const names = part === "train" ? [1, 2, 3, 4, 5].map((number) => `data_batch_${number}.bin`) : ["test_batch.bin"];
  const files = names.map((name) => {
    const path = join(folder, name);
    if (!existsSync(path)) throw new DataError(`CIFAR-10 file ${path} is missing; the folder needs data_batch_1.bin … data_batch_5.bin and test_batch.bin`, path);
    const size = statSync(path).size;
    if (size === 0 || size % recordBytes !== 0) {
      throw new DataError(`CIFAR-10 file ${path} is truncated or not in the binary format: ${size} bytes is not a whole number of ${recordBytes}-byte records`, path);
    }
    return { path, records: size / recordBytes };
  });
  const starts: number[] = [];
  let count = 0;
  for (const file of files) {
    starts.push(count);
    count += file.records;
  }
  const labels = new Uint8Array(count);
  files.forEach((file, fileIndex) => {
    const bytes = readFileSync(file.path);
    for (let record = 0; record < file.records; record++) {
      const label = bytes[record * recordBytes];
      if (label > 9) throw new DataError(`CIFAR-10 file ${file.path} has label ${label} in record ${record}; labels are 0 … 9 — is it the CIFAR-100 format?`, file.path);
      labels[starts[fileIndex] + record] = label;
    }
  });
  return {
    description: `cifar10 ${folder} (${part}, ${count} images)`,
    count,
    classNames: readClassNames(folder),
    channels: 3,
    height: side,
    width: side,
    labelOf: (index) => labels[checkIndex(index, count)],
    read: async (indices): Promise<ImageBatch> => {
      const images = new Float32Array(indices.length * pixels);
      const batchLabels = new Int32Array(indices.length);
      const record = Buffer.alloc(recordBytes);
      const handles = new Map<number, number>();
      try {
        indices.forEach((index, position) => {
          checkIndex(index, count);
          let fileIndex = files.length - 1;
          while (starts[fileIndex] > index) fileIndex--;
          let handle = handles.get(fileIndex);
          if (handle === undefined) {
            handle = openSync(files[fileIndex].path, "r");
            handles.set(fileIndex, handle);
          }
          readSync(handle, record, 0, recordBytes, (index - starts[fileIndex]) * recordBytes);
          batchLabels[position] = record[0];
          // The file's channel-major layout is already CHW.
          for (let pixel = 0; pixel < pixels; pixel++) images[position * pixels + pixel] = record[1 + pixel] / 255;
        });
      } finally {
        for (const handle of handles.values()) closeSync(handle);
      }
      return { images, labels: batchLabels, count: indices.length };
    },
  };
}

function readClassNames(folder: string): string[] {
  const path = join(folder, "batches.meta.txt");
  if (!existsSync(path)) return cifar10ClassNames;
  const names = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length !== 10) throw new DataError(`${path} lists ${names.length} class names; CIFAR-10 has 10, one per line`, path);
  return names;
}
