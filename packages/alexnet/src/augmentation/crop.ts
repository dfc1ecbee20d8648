/**
 * Where crops come from: a stored square image of side `storedSize`, surrounded by `padding`
 * black pixels on each side, cropped to `cropSize` (the model's input).
 *
 * The paper stores 256×256 images and crops 227×227 (about 89% of the side). Images that are
 * already the model's size (MNIST 28, CIFAR-10 32) are padded by ⌈size / 16⌉ pixels instead
 * (28 → 32, then 28-pixel crops), the usual way of scaling the idea down.
 */
export interface CropGeometry {
  readonly storedSize: number;
  readonly padding: number;
  readonly cropSize: number;
}

/** The crop geometry for stored images of one size and a model input of another. */
export function cropGeometry(storedSize: number, cropSize: number): CropGeometry {
  if (storedSize > cropSize) return { storedSize, padding: 0, cropSize };
  if (storedSize === cropSize) return { storedSize, padding: Math.ceil(cropSize / 16), cropSize };
  throw new RangeError(`images of ${storedSize}×${storedSize} are smaller than the model's ${cropSize}×${cropSize} input`);
}

/** The largest crop offset: offsets run from 0 to this, inclusive, on each axis. */
export function maximumOffset(geometry: CropGeometry): number {
  return geometry.storedSize + 2 * geometry.padding - geometry.cropSize;
}

/**
 * Copies one crop of one image into `output` at `outputOffset`. (`left`, `top`) is the crop's
 * corner in padded coordinates; `flip` mirrors it left to right. Pixels in the padding are 0.
 *
 * Shapes: source: [channels, storedSize, storedSize] starting at sourceOffset → output: [channels, cropSize, cropSize]
 */
export function copyCrop(
  source: Float32Array,
  sourceOffset: number,
  channels: number,
  geometry: CropGeometry,
  left: number,
  top: number,
  flip: boolean,
  output: Float32Array,
  outputOffset: number,
): void {
  const { storedSize, padding, cropSize } = geometry;
  for (let channel = 0; channel < channels; channel++) {
    const sourcePlane = sourceOffset + channel * storedSize * storedSize;
    const outputPlane = outputOffset + channel * cropSize * cropSize;
    for (let y = 0; y < cropSize; y++) {
      const sourceY = y + top - padding;
      const outputRow = outputPlane + y * cropSize;
      if (sourceY < 0 || sourceY >= storedSize) {
        output.fill(0, outputRow, outputRow + cropSize);
        continue;
      }
      for (let x = 0; x < cropSize; x++) {
        const sourceX = (flip ? cropSize - 1 - x : x) + left - padding;
        output[outputRow + x] = sourceX < 0 || sourceX >= storedSize ? 0 : source[sourcePlane + sourceY * storedSize + sourceX];
      }
    }
  }
}

/** The centre crop of every image (evaluation, or training with crops turned off). */
export function centerCrops(images: Float32Array, count: number, channels: number, geometry: CropGeometry): Float32Array {
  const offset = Math.floor(maximumOffset(geometry) / 2);
  const output = new Float32Array(count * channels * geometry.cropSize * geometry.cropSize);
  for (let image = 0; image < count; image++) {
    copyCrop(images, image * channels * geometry.storedSize ** 2, channels, geometry, offset, offset, false, output, image * channels * geometry.cropSize ** 2);
  }
  return output;
}

/**
 * The paper's test-time augmentation (section 4.1): the four corner crops and the centre crop,
 * and their mirror images — ten views per image, image-major (views 0–4 unflipped, 5–9 flipped).
 * Without `mirror` (a model trained without flips, such as one for digits) the five unflipped views.
 *
 * Shapes: images: [count, channels, storedSize, storedSize] → [count × views, channels, cropSize, cropSize]
 */
export function tenCrops(images: Float32Array, count: number, channels: number, geometry: CropGeometry, mirror = true): Float32Array {
  const last = maximumOffset(geometry);
  const middle = Math.floor(last / 2);
  const corners: readonly (readonly [number, number])[] = [[0, 0], [last, 0], [0, last], [last, last], [middle, middle]];
  const viewSize = channels * geometry.cropSize ** 2;
  const flips = mirror ? [false, true] : [false];
  const views = 5 * flips.length;
  const output = new Float32Array(count * views * viewSize);
  for (let image = 0; image < count; image++) {
    let view = image * views;
    for (const flip of flips) {
      for (const [left, top] of corners) {
        copyCrop(images, image * channels * geometry.storedSize ** 2, channels, geometry, left, top, flip, output, view * viewSize);
        view++;
      }
    }
  }
  return output;
}
