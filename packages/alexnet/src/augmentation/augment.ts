import type { Random } from "@alexnet-ts/engine";
import { centerCrops, copyCrop, maximumOffset, type CropGeometry } from "./crop.js";
import { drawColourShift, type ColourPca } from "./pca-colour.js";

/** Which of the paper's training augmentations run (section 4.1); each can be turned off. */
export interface AugmentationOptions {
  /** Random crops (otherwise the centre crop). */
  readonly crop: boolean;
  /** Random horizontal flips, with probability 1/2. */
  readonly flip: boolean;
  /** PCA colour augmentation with these components (undefined: off; only for RGB). */
  readonly pca: ColourPca | undefined;
}

/**
 * Augments a batch for training: for each image in order, a crop offset (x then y), a flip and
 * the colour factors are drawn from `random` — the same draws in the same order for a given
 * state, so a resumed run augments exactly as an uninterrupted one.
 *
 * Shapes: images: [count, channels, storedSize, storedSize] (pixels in [0, 1]) → [count, channels, cropSize, cropSize]
 */
export function augmentBatch(
  images: Float32Array,
  count: number,
  channels: number,
  geometry: CropGeometry,
  options: AugmentationOptions,
  random: Random,
): Float32Array {
  if (!options.crop && !options.flip && options.pca === undefined) return centerCrops(images, count, channels, geometry);
  const last = maximumOffset(geometry);
  const middle = Math.floor(last / 2);
  const plane = geometry.cropSize * geometry.cropSize;
  const output = new Float32Array(count * channels * plane);
  for (let image = 0; image < count; image++) {
    const left = options.crop ? random.integer(last + 1) : middle;
    const top = options.crop ? random.integer(last + 1) : middle;
    const flip = options.flip ? random.uniform() < 0.5 : false;
    const outputOffset = image * channels * plane;
    copyCrop(images, image * channels * geometry.storedSize ** 2, channels, geometry, left, top, flip, output, outputOffset);
    if (options.pca !== undefined && channels === 3) {
      const shift = drawColourShift(options.pca, random);
      for (let channel = 0; channel < 3; channel++) {
        const start = outputOffset + channel * plane;
        for (let index = start; index < start + plane; index++) output[index] += shift[channel];
      }
    }
  }
  return output;
}
