/**
 * The one shape every data source takes: a numbered collection of labelled images that is read
 * a batch at a time, so a folder of a million JPEGs never has to fit in memory.
 */
export interface Dataset {
  /** A short description for logs, for example "mnist (train, 9,001 images)". */
  readonly description: string;
  /** Number of images. */
  readonly count: number;
  /** Class names, index = label. */
  readonly classNames: readonly string[];
  /** Colour channels of every image (1 for MNIST, 3 for RGB). */
  readonly channels: number;
  /** Height of every image as `read` returns it. */
  readonly height: number;
  /** Width of every image as `read` returns it. */
  readonly width: number;
  /**
   * Reads these images (indices in [0, count)). Pixels are in [0, 1], NCHW, not yet normalized.
   * A source that may meet corrupt files returns only the images it could decode and says which it
   * skipped; `labels[i]` always belongs to image i of `images`.
   */
  read(indices: readonly number[]): Promise<ImageBatch>;
  /** The label of one image without decoding it (for stratified splits and class counts). */
  labelOf(index: number): number;
}

/** A batch of images with their labels. */
export interface ImageBatch {
  /** [count, channels, height, width], values in [0, 1] (or normalized, once normalized). */
  readonly images: Float32Array;
  /** One class index per image. */
  readonly labels: Int32Array;
  /** Number of images in the batch (can be fewer than asked when corrupt images were skipped). */
  readonly count: number;
  /** Paths of images that could not be decoded and were left out of this batch. */
  readonly skipped?: readonly string[];
}

/** A dataset restricted to some of its images, in the given order (for validation splits). */
export function subsetDataset(dataset: Dataset, indices: readonly number[], description: string): Dataset {
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= dataset.count) throw new RangeError(`subset index ${index} is outside [0, ${dataset.count})`);
  }
  return {
    description,
    count: indices.length,
    classNames: dataset.classNames,
    channels: dataset.channels,
    height: dataset.height,
    width: dataset.width,
    read: (wanted) => dataset.read(wanted.map((index) => indices[checkIndex(index, indices.length)])),
    labelOf: (index) => dataset.labelOf(indices[checkIndex(index, indices.length)]),
  };
}

/** Throws a RangeError when an index is outside [0, count). */
export function checkIndex(index: number, count: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`image index ${index} is outside [0, ${count})`);
  return index;
}
