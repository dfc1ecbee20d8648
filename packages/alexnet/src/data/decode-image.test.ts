import { crc32, deflateSync } from "node:zlib";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { declaredImageSize, decodeImage, defaultMaxImagePixels } from "./decode-image.js";

/** A PNG chunk: length, type, data, CRC-32 over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit RGB PNG of width×height black pixels, its IDAT deflated from `rows` of them (fewer than height: a bomb's header without its whole body). */
function blackPng(width: number, height: number, rows = height): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(rows * (1 + width * 3)); // Filter byte 0 and black pixels: deflates about 1000:1.
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

describe("image decoding is bounded before it allocates", () => {
  it("refuses a decompression bomb from its declared size: a 3000×3000 PNG of a few KB against a 4-megapixel limit", () => {
    const bomb = blackPng(3000, 3000);
    expect(bomb.length).toBeLessThan(100_000); // 27 MB of pixels in under 100 KB.
    expect(declaredImageSize(bomb)).toEqual({ width: 3000, height: 3000 });
    expect(() => decodeImage(bomb, { maxPixels: 4_000_000 })).toThrow(/^the image declares 3000×3000 pixels \(9 megapixels\), more than the limit of 4 megapixels; shrink it, or raise ALEXNET_MAX_IMAGE_PIXELS$/);
    // Under a higher limit the same file decodes: the check is on the declared size, not the file size.
    expect(decodeImage(bomb, { maxPixels: 10_000_000 }).width).toBe(3000);
  });

  it("refuses a small file declaring 30000×30000 pixels under the default limit at once", () => {
    const bomb = blackPng(30000, 30000, 2);
    expect(30000 * 30000).toBeGreaterThan(defaultMaxImagePixels);
    expect(() => decodeImage(bomb)).toThrow(/declares 30000×30000 pixels \(900 megapixels\), more than the limit of 50 megapixels/);
  });

  it("reads a JPEG's size from its start-of-frame marker and refuses one too large", () => {
    // SOI, an APP0 segment, then SOF0 declaring 12000×9000, 3 components.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x23, 0x28, 0x2e, 0xe0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    expect(declaredImageSize(jpeg)).toEqual({ width: 12000, height: 9000 });
    expect(() => decodeImage(jpeg)).toThrow(/declares 12000×9000 pixels \(108 megapixels\)/);
  });

  it("says a truncated PNG is truncated", () => {
    const png = new PNG({ width: 64, height: 64 });
    for (let index = 0; index < png.data.length; index++) png.data[index] = (index * 7919) % 251;
    const whole = PNG.sync.write(png);
    expect(() => decodeImage(whole.subarray(0, Math.floor(whole.length / 2)))).toThrow(/^the PNG file is truncated \(its image data ends early\); copy it again or remove it$/);
    expect(() => decodeImage(whole.subarray(0, Math.floor(whole.length / 2)))).not.toThrow(/waitng|waiting on finished stream/);
  });
});
