/**
 * Per-channel normalization, applied after augmentation: (x − mean[c]) / standardDeviation[c].
 * One value stands for every channel. The paper only subtracts the mean activity; dividing by the
 * standard deviation as well (as torchvision does) puts every source on the same scale.
 */
export interface Normalization {
  readonly mean: readonly number[];
  readonly standardDeviation: readonly number[];
}

/** ImageNet's per-channel statistics (torchvision's), used for image folders. */
export const imagenetNormalization: Normalization = { mean: [0.485, 0.456, 0.406], standardDeviation: [0.229, 0.224, 0.225] };

/** Normalizes NCHW images in place; `planeSize` is height × width. */
export function normalizeImages(images: Float32Array, channels: number, planeSize: number, normalization: Normalization): void {
  const means = expandToChannels(normalization.mean, channels);
  const deviations = expandToChannels(normalization.standardDeviation, channels);
  // NCHW keeps each channel's plane in one run, so walk plane by plane.
  for (let start = 0, channel = 0; start < images.length; start += planeSize, channel = (channel + 1) % channels) {
    const mean = means[channel];
    const scale = 1 / deviations[channel];
    for (let index = start; index < start + planeSize; index++) images[index] = (images[index] - mean) * scale;
  }
}

/** One value per channel: a single value is repeated, a list must have one per channel. */
export function expandToChannels(values: readonly number[], channels: number): number[] {
  if (values.length === channels) return [...values];
  if (values.length === 1) return Array.from({ length: channels }, () => values[0]);
  throw new RangeError(`normalization has ${values.length} values for ${channels} channels`);
}
