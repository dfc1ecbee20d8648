import jpeg from "jpeg-js";
import { PNG } from "pngjs";

/** A decoded RGB image: `width × height × 3` bytes, pixel-interleaved (HWC), as decoders return them. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** R, G, B of each pixel in row-major order, 0 … 255. */
  readonly data: Uint8Array;
}

/**
 * The largest image decoded by default, in pixels: 50 megapixels (a 48 MP phone photo fits; at
 * 4 bytes a pixel in the decoder plus 3 in RGB and 12 in float resizing, about 1 GB at most).
 * The pixel count a file declares in its header is checked before anything is allocated, so a
 * small file declaring 30000×30000 pixels (a decompression bomb) is refused at once.
 * `ALEXNET_MAX_IMAGE_PIXELS` or the `maxPixels` option overrides it.
 */
export const defaultMaxImagePixels = 50_000_000;

/** Options for decodeImage. */
export interface DecodeOptions {
  /** Refuse images declaring more pixels than this (default: ALEXNET_MAX_IMAGE_PIXELS, else defaultMaxImagePixels). */
  readonly maxPixels?: number;
}

/** The pixel limit in force: the option, else ALEXNET_MAX_IMAGE_PIXELS, else the default. */
export function maxImagePixels(options: DecodeOptions = {}): number {
  if (options.maxPixels !== undefined) return options.maxPixels;
  const text = process.env.ALEXNET_MAX_IMAGE_PIXELS;
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : defaultMaxImagePixels;
}

/** Width and height as a PNG's IHDR or a JPEG's start-of-frame declares them, read without decoding. */
export function declaredImageSize(buffer: Buffer): { width: number; height: number } | undefined {
  if (buffer.length >= 24 && buffer.readUInt32BE(0) === 0x89504e47 && buffer.toString("latin1", 12, 16) === "IHDR") {
    return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  }
  if (buffer.length >= 4 && buffer[0] === 0xff && buffer[1] === 0xd8) {
    // Walk the marker segments to the first SOFn (C0–CF except C4 DHT, C8 JPG, CC DAC).
    let offset = 2;
    while (offset + 9 <= buffer.length) {
      if (buffer[offset] !== 0xff) return undefined;
      const marker = buffer[offset + 1];
      if (marker === 0xff) {
        offset++;
        continue;
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        offset += 2;
        continue;
      }
      const length = buffer.readUInt16BE(offset + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: buffer.readUInt16BE(offset + 7), height: buffer.readUInt16BE(offset + 5) };
      }
      offset += 2 + length;
    }
  }
  return undefined;
}

function refuseTooManyPixels(buffer: Buffer, options: DecodeOptions): void {
  const size = declaredImageSize(buffer);
  const limit = maxImagePixels(options);
  if (size !== undefined && size.width * size.height > limit) {
    throw new Error(
      `the image declares ${size.width}×${size.height} pixels (${((size.width * size.height) / 1e6).toFixed(0)} megapixels), more than the limit of ${(limit / 1e6).toFixed(0)} megapixels; shrink it, or raise ALEXNET_MAX_IMAGE_PIXELS`,
    );
  }
}

/** pngjs's errors for a file cut short ("read requests waiting on finished stream") in plain words. */
function readPng(buffer: Buffer): PNG {
  try {
    return PNG.sync.read(buffer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/finished stream|unexpected end|end of (input|file)|too short|invalid distance/i.test(message)) throw new Error("the PNG file is truncated (its image data ends early); copy it again or remove it");
    throw new Error(`the PNG file is damaged (${message})`);
  }
}

/**
 * Decodes a JPEG or PNG (told apart by their signature bytes, not the file name) to RGB:
 * greyscale is repeated over the three channels, alpha is dropped (the paper trains on RGB only).
 * Throws an Error with a one-line reason when the bytes are not a readable image, or declare more
 * pixels than the limit (checked from the header before decoding; see defaultMaxImagePixels).
 */
export function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): RgbImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  refuseTooManyPixels(buffer, options);
  if (buffer.length >= 8 && buffer.readUInt32BE(0) === 0x89504e47) {
    const png = readPng(buffer);
    // pngjs always gives 8-bit RGBA, whatever the file's colour type (greyscale, palette, 16-bit).
    return fromInterleaved(png.width, png.height, png.data, 4);
  }
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) {
    const decoded = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: maxImagePixels(options) / 1e6, tolerantDecoding: false });
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
