import { existsSync } from "node:fs";
import type { Dataset } from "./dataset.js";
import { DataError } from "./errors.js";
import { createIdxDataset, idxTrainingStatistics, type IdxDatasetInfo } from "./idx-dataset.js";
import type { Normalization } from "./normalize.js";

/** Fashion-MNIST's classes (Xiao, Rasul & Vollgraf 2017), label 0 … 9. */
export const fashionMnistInfo: IdxDatasetInfo = {
  name: "fashion-mnist",
  classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
};

/** Where Debian's package dataset-fashion-mnist puts the official gzip-compressed IDX files. */
export const debianFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

const installHint = "--data fashion-mnist reads the official IDX files of Debian's package dataset-fashion-mnist: run `apt-get install dataset-fashion-mnist` (or give fashion-mnist:FOLDER with the four files)";

/** The folder with Fashion-MNIST's IDX files: `folder` when given, else Debian's; a DataError saying what to install when neither is there. */
export function fashionMnistFolder(folder?: string): string {
  const chosen = folder ?? debianFashionMnistFolder;
  if (!existsSync(chosen)) throw new DataError(folder === undefined ? installHint : `fashion-mnist folder ${folder} does not exist; give the folder holding train-images-idx3-ubyte[.gz] …`, chosen);
  return chosen;
}

/** Whether Debian's Fashion-MNIST files are installed (tests that need them skip otherwise). */
export function hasDebianFashionMnist(): boolean {
  return existsSync(debianFashionMnistFolder);
}

/** Fashion-MNIST's official split: 60,000 training and 10,000 test 28×28 greyscale images of clothing. */
export function createFashionMnistDataset(part: "train" | "test", folder?: string): Dataset {
  return createIdxDataset(fashionMnistFolder(folder), part, fashionMnistInfo, installHint);
}

/** Fashion-MNIST's normalization, computed from its 60,000 training images (mean 0.2860, standard deviation 0.3530 for the official files). */
export function fashionMnistNormalization(folder?: string): Normalization {
  return idxTrainingStatistics(fashionMnistFolder(folder), fashionMnistInfo, installHint);
}
