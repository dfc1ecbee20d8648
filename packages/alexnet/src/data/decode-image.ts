import jpeg from "jpeg-js";
import { PNG } from "pngjs";

/** A decoded RGB image: `width × height × 3` bytes, pixel-interleaved (HWC), as decoders return them. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** R, G, B of each pixel in row-major order, 0 … 255. */
  readonly data: Uint8Array;
}

/** Largest image decoded, in megapixels; a bigger one is refused rather than exhausting memory. */
const maxMegapixels = 100;

/**
 * Decodes a JPEG or PNG (told apart by their signature bytes, not the file name) to RGB:
 * greyscale is repeated over the three channels, alpha is dropped (the paper trains on RGB only).
 * Throws an Error with a one-line reason when the bytes are not a readable image.
 */
export function decodeImage(bytes: Uint8Array): RgbImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 8 && buffer.readUInt32BE(0) === 0x89504e47) {
    const png = PNG.sync.read(buffer);
    // pngjs always gives 8-bit RGBA, whatever the file's colour type (greyscale, palette, 16-bit).
    return fromInterleaved(png.width, png.height, png.data, 4);
  }
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) {
    const decoded = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: maxMegapixels, tolerantDecoding: false });
    const channels = decoded.data.length / (decoded.width * decoded.height);
    if (!Number.isInteger(channels) || channels < 1) throw new Error("the JPEG decoder returned an unexpected amount of data");
    return fromInterleaved(decoded.width, decoded.height, decoded.data, channels);
  }
  throw new Error("not a JPEG or PNG file (unknown signature bytes)");
}

function fromInterleaved(width: number, height: number, source: Uint8Array, channels: number): RgbImage {
  if (width < 1 || height < 1) throw new Error(`the image has no pixels (${width}×${height})`);
  if (channels === 3) return { width, height, data: Uint8Array.from(source.subarray(0, width * height * 3)) };
  const data = new Uint8Array(width * height * 3);
  for (let pixel = 0; pixel < width * height; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      // 1 or 2 channels: grey (and alpha) → repeat grey; 4: RGBA → RGB.
      data[pixel * 3 + channel] = source[pixel * channels + (channels < 3 ? 0 : channel)];
    }
  }
  return { width, height, data };
}
