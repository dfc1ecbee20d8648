import type { RgbImage } from "./decode-image.js";

/**
 * A resampling filter: its kernel and its support (half-width) at scale 1, in input pixels.
 * When shrinking by a factor s the kernel is stretched by s (support s · support), so every
 * input pixel contributes: that is what antialiasing means here, as in PIL.
 */
export interface ResamplingFilter {
  readonly name: string;
  readonly support: number;
  readonly kernel: (distance: number) => number;
}

/** The triangle (tent) filter: PIL's BILINEAR, torchvision's default for Resize on PIL images. */
export const triangleFilter: ResamplingFilter = {
  name: "triangle",
  support: 1,
  kernel: (distance) => {
    const magnitude = Math.abs(distance);
    return magnitude < 1 ? 1 - magnitude : 0;
  },
};

/** The box filter: PIL's BOX; shrinking by a whole factor n averages each n × n block exactly. */
export const boxFilter: ResamplingFilter = {
  name: "box",
  support: 0.5,
  kernel: (distance) => (distance > -0.5 && distance <= 0.5 ? 1 : 0),
};

/** PIL's fixed-point precision for 8-bit images: coefficients carry 22 fractional bits. */
const precisionBits = 32 - 8 - 2;
const one = 2 ** precisionBits;

/** For each output position: the first input index, how many inputs, and their fixed-point weights. */
interface Coefficients {
  readonly first: Int32Array;
  readonly count: Int32Array;
  /** `taps` weights per output position (unused ones are 0). */
  readonly weights: Float64Array;
  readonly taps: number;
}

/**
 * The weights of a 1-D resize from `inputSize` to `outputSize`, computed as PIL's
 * `precompute_coeffs` does (centre at (x + 0.5) · scale, bounds rounded by truncation, weights
 * normalized to sum 1, then rounded to 22-bit fixed point) so the results match PIL's to the bit.
 */
function coefficients(inputSize: number, outputSize: number, filter: ResamplingFilter): Coefficients {
  const scale = inputSize / outputSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  // PIL multiplies by the reciprocal (not a division): kept, so the weights round as its do.
  const inverseScale = 1 / filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outputSize);
  const count = new Int32Array(outputSize);
  const weights = new Float64Array(outputSize * taps);
  const raw = new Float64Array(taps);
  for (let position = 0; position < outputSize; position++) {
    const centre = (position + 0.5) * scale;
    const low = Math.max(0, Math.trunc(centre - support + 0.5));
    const high = Math.min(inputSize, Math.trunc(centre + support + 0.5));
    let total = 0;
    for (let tap = 0; tap < high - low; tap++) {
      raw[tap] = filter.kernel((tap + low - centre + 0.5) * inverseScale);
      total += raw[tap];
    }
    for (let tap = 0; tap < high - low; tap++) {
      const weight = total === 0 ? raw[tap] : raw[tap] / total;
      weights[position * taps + tap] = weight < 0 ? Math.trunc(-0.5 + weight * one) : Math.trunc(0.5 + weight * one);
    }
    first[position] = low;
    count[position] = high - low;
  }
  return { first, count, weights, taps };
}

/** PIL's clip8: the fixed-point sum (which started at one half) shifted back to 0 … 255. */
function clip8(sum: number): number {
  const value = Math.floor(sum / one);
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

/**
 * Resizes an RGB image to `width × height` with an antialiased separable filter, exactly as PIL's
 * `Image.resize` does for 8-bit RGB images (which torchvision's `Resize` calls on PIL images):
 * a horizontal pass into an 8-bit intermediate, then a vertical pass, both in 22-bit fixed point
 * with round-half-up. A pass whose size does not change is skipped, as in PIL.
 */
export function resizeRgb(image: RgbImage, width: number, height: number, filter: ResamplingFilter = triangleFilter): RgbImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new RangeError(`cannot resize to ${width}×${height}`);
  let current = image;
  if (width !== image.width) current = resizeHorizontally(current, width, filter);
  if (height !== image.height) current = resizeVertically(current, height, filter);
  return current === image ? { width, height, data: Uint8Array.from(image.data) } : current;
}

function resizeHorizontally(image: RgbImage, width: number, filter: ResamplingFilter): RgbImage {
  const { first, count, weights, taps } = coefficients(image.width, width, filter);
  const output = new Uint8Array(width * image.height * 3);
  for (let row = 0; row < image.height; row++) {
    const rowStart = row * image.width * 3;
    for (let column = 0; column < width; column++) {
      let red = one / 2;
      let green = one / 2;
      let blue = one / 2;
      for (let tap = 0; tap < count[column]; tap++) {
        const weight = weights[column * taps + tap];
        const source = rowStart + (first[column] + tap) * 3;
        red += image.data[source] * weight;
        green += image.data[source + 1] * weight;
        blue += image.data[source + 2] * weight;
      }
      const target = (row * width + column) * 3;
      output[target] = clip8(red);
      output[target + 1] = clip8(green);
      output[target + 2] = clip8(blue);
    }
  }
  return { width, height: image.height, data: output };
}

function resizeVertically(image: RgbImage, height: number, filter: ResamplingFilter): RgbImage {
  const { first, count, weights, taps } = coefficients(image.height, height, filter);
  const rowBytes = image.width * 3;
  const output = new Uint8Array(rowBytes * height);
  const sums = new Float64Array(rowBytes);
  for (let row = 0; row < height; row++) {
    sums.fill(one / 2);
    // Row by row over the taps keeps the inner loop on contiguous memory.
    for (let tap = 0; tap < count[row]; tap++) {
      const weight = weights[row * taps + tap];
      const sourceStart = (first[row] + tap) * rowBytes;
      for (let index = 0; index < rowBytes; index++) sums[index] += image.data[sourceStart + index] * weight;
    }
    for (let index = 0; index < rowBytes; index++) output[row * rowBytes + index] = clip8(sums[index]);
  }
  return { width: image.width, height, data: output };
}
