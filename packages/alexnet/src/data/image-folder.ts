import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkIndex, type Dataset, type ImageBatch } from "./dataset.js";
import { decodeImage } from "./decode-image.js";
import { DataError } from "./errors.js";
import { resizeAndCenterCrop } from "./resize.js";

/** What to do with an image that cannot be decoded: leave it out (and list it) or stop the run. */
export type CorruptImagePolicy = "skip" | "fail";

/** Options of an image folder. */
export interface ImageFolderOptions {
  /** Side of the square every image is rescaled and centre-cropped to (256 for the paper). */
  readonly size: number;
  /** What to do with an undecodable image. */
  readonly onCorrupt: CorruptImagePolicy;
  /** Told about each image skipped, once, with the reason (the CLI prints it). */
  readonly onSkip?: (path: string, reason: string) => void;
  /** Class names to use (a validation folder must have the training folder's classes). */
  readonly classNames?: readonly string[];
}

const imageExtensions = /\.(jpe?g|png)$/i;

/**
 * A folder in the ImageNet / ImageFolder layout: one sub-folder per class (sorted by name, as
 * torchvision does), holding .jpg, .jpeg and .png files. Images are decoded when read (streaming),
 * rescaled so the shorter side is `size`, centre-cropped to `size × size`, RGB.
 */
export function createImageFolderDataset(root: string, options: ImageFolderOptions): Dataset {
  let rootStatus;
  try {
    rootStatus = statSync(root);
  } catch {
    throw new DataError(`data folder ${root} does not exist; --data takes mnist, fashion-mnist, synthetic, cifar10:PATH, or a folder with one sub-folder of images per class`, root);
  }
  if (!rootStatus.isDirectory()) throw new DataError(`${root} is not a folder; give a folder with one sub-folder of images per class`, root);
  const found = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  const classNames = options.classNames ?? found;
  if (classNames.length === 0) throw new DataError(`${root} has no class sub-folders; put each class's images in a sub-folder named after the class`, root);
  const unknown = found.filter((name) => !classNames.includes(name));
  if (unknown.length > 0) throw new DataError(`${root} has class folders the training data does not have: ${unknown.join(", ")}`, root);
  const paths: string[] = [];
  const labels: number[] = [];
  classNames.forEach((className, label) => {
    const folder = join(root, className);
    if (!found.includes(className)) return;
    for (const file of readdirSync(folder).filter((name) => imageExtensions.test(name)).sort()) {
      paths.push(join(folder, file));
      labels.push(label);
    }
  });
  if (paths.length === 0) throw new DataError(`${root} has no .jpg, .jpeg or .png images in its class folders`, root);
  const skipped = new Set<number>();
  const size = options.size;
  return {
    description: `image folder ${root} (${paths.length} ${paths.length === 1 ? "image" : "images"}, ${classNames.length} ${classNames.length === 1 ? "class" : "classes"})`,
    count: paths.length,
    classNames,
    channels: 3,
    height: size,
    width: size,
    labelOf: (index) => labels[checkIndex(index, paths.length)],
    read: async (indices): Promise<ImageBatch> => {
      const pixels = 3 * size * size;
      const images = new Float32Array(indices.length * pixels);
      const batchLabels: number[] = [];
      const skippedPaths: string[] = [];
      for (const index of indices) {
        const path = paths[checkIndex(index, paths.length)];
        if (skipped.has(index)) {
          skippedPaths.push(path);
          continue;
        }
        let decoded: Float32Array;
        try {
          decoded = resizeAndCenterCrop(decodeImage(readFileSync(path)), size);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          if (options.onCorrupt === "fail") {
            throw new DataError(`corrupt image ${path}: ${reason}; remove it or pass --on-corrupt skip to leave it out`, path);
          }
          skipped.add(index);
          skippedPaths.push(path);
          options.onSkip?.(path, reason);
          continue;
        }
        images.set(decoded, batchLabels.length * pixels);
        batchLabels.push(labels[index]);
      }
      const count = batchLabels.length;
      return { images: images.subarray(0, count * pixels), labels: Int32Array.from(batchLabels), count, skipped: skippedPaths };
    },
  };
}
