import { centerCrops, tenCrops, type CropGeometry } from "../augmentation/crop.js";
import { normalizeImages, type Normalization } from "../data/normalize.js";

/** How stored images become model inputs: the crop geometry, then per-channel normalization. */
export interface InputPipeline {
  readonly channels: number;
  readonly geometry: CropGeometry;
  readonly normalization: Normalization;
  /**
   * How an image file is brought to the input size (`predict`): "paper" (the default) rescales the
   * shorter side to the stored size, takes the central square, then the centre crop;
   * "torchvision" is torchvision's Resize(stored size) + CenterCrop(crop size) on the whole image
   * (they differ only in the crop offset's rounding for odd margins).
   */
  readonly imageResize?: "paper" | "torchvision";
}

/** Centre crops, normalized: the inputs for evaluation and prediction. */
export function evaluationInputs(images: Float32Array, count: number, pipeline: InputPipeline): Float32Array {
  const inputs = centerCrops(images, count, pipeline.channels, pipeline.geometry);
  normalizeImages(inputs, pipeline.channels, pipeline.geometry.cropSize ** 2, pipeline.normalization);
  return inputs;
}

/** The ten crops of each image (five without `mirror`; see tenCrops), normalized. */
export function tenCropInputs(images: Float32Array, count: number, pipeline: InputPipeline, mirror = true): Float32Array {
  const inputs = tenCrops(images, count, pipeline.channels, pipeline.geometry, mirror);
  normalizeImages(inputs, pipeline.channels, pipeline.geometry.cropSize ** 2, pipeline.normalization);
  return inputs;
}
