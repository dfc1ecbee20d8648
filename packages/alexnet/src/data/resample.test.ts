import { describe, expect, it } from "vitest";
import type { RgbImage } from "./decode-image.js";
import { imagenetClassNames, shortClassName } from "./imagenet-classes.js";
import { boxFilter, resizeRgb, triangleFilter } from "./resample.js";
import { resizeAndCenterCrop, roundHalfToEven, torchvisionResizeAndCenterCrop } from "./resize.js";

/** An RGB image whose three channels all hold `value(x, y)`. */
function greyImage(width: number, height: number, value: (x: number, y: number) => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(value(x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data };
}

const red = (image: RgbImage): number[] => Array.from({ length: image.width * image.height }, (_, pixel) => image.data[pixel * 3]);

describe("the antialiased resize (PIL's Image.resize, which torchvision's Resize calls)", () => {
  // Pillow's own accuracy cases (Tests/test_image_resample.py, TestImagingCoreResampleAccuracy): two squares of
  // 0xe1 on 0x1e; the expected top-left quarter of each result is Pillow's, the rest follows by symmetry.
  it.each([
    ["shrinks 8×8 to 4×4 with the triangle filter", 8, 4, triangleFilter, ["e1", "c9", "c9", "b7"]],
    ["shrinks 8×8 to 4×4 with the box filter", 8, 4, boxFilter, ["e1", "e1", "e1", "e1"]],
    ["enlarges 2×2 to 4×4 with the triangle filter", 2, 4, triangleFilter, ["e1", "b0", "b0", "98"]],
    ["enlarges 2×2 to 4×4 with the box filter", 2, 4, boxFilter, ["e1", "e1", "e1", "e1"]],
  ] as const)("%s exactly as Pillow does", (_, inputSize, outputSize, filter, quarter) => {
    const half = inputSize / 2;
    const image = greyImage(inputSize, inputSize, (x, y) => ((x < half) === (y < half) ? 0xe1 : 0x1e));
    const expected = new Array<number>(outputSize * outputSize);
    const side = outputSize / 2;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const value = parseInt(quarter[y * side + x], 16);
        expected[y * outputSize + x] = value;
        expected[(outputSize - y - 1) * outputSize + outputSize - x - 1] = value;
        expected[(outputSize - y - 1) * outputSize + x] = 255 - value;
        expected[y * outputSize + outputSize - x - 1] = 255 - value;
      }
    }
    expect(red(resizeRgb(image, outputSize, outputSize, filter))).toEqual(expected);
  });

  it("keeps a constant image constant, shrinking and enlarging, with either filter", () => {
    for (const filter of [triangleFilter, boxFilter]) {
      for (const [width, height] of [[7, 5], [640, 480], [1, 1]]) {
        const resized = resizeRgb(greyImage(97, 61, () => 173), width, height, filter);
        expect(new Set(resized.data)).toEqual(new Set([173]));
      }
    }
  });

  it("shrinks the issue's 1000×1000 fine pattern of mean 0.5 to 0.5 everywhere at 32×32", () => {
    // A one-pixel checkerboard of 0 and 255: bilinear sampling without antialiasing gave 0.125 … 0.875.
    const pattern = greyImage(1000, 1000, (x, y) => ((x + y) % 2 === 0 ? 0 : 255));
    const values = red(resizeRgb(pattern, 32, 32));
    // Each output averages about 62×62 pixels; the only error left is PIL's two 8-bit roundings (≤ 1 level each).
    for (const value of values) expect(Math.abs(value / 255 - 0.5)).toBeLessThanOrEqual(2 / 255);
    const crop = resizeAndCenterCrop(pattern, 32);
    for (const value of crop) expect(Math.abs(value - 0.5)).toBeLessThanOrEqual(2 / 255);
  });

  it("with the box filter, shrinking by a whole factor averages each block (within the two 8-bit roundings)", () => {
    let state = 12345;
    const noise = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % 256);
    const image = greyImage(24, 18, () => noise());
    for (const factor of [2, 3, 6]) {
      const resized = red(resizeRgb(image, 24 / factor, 18 / factor, boxFilter));
      for (let y = 0; y < 18 / factor; y++) {
        for (let x = 0; x < 24 / factor; x++) {
          let sum = 0;
          for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += image.data[((y * factor + dy) * 24 + x * factor + dx) * 3];
          expect(Math.abs(resized[y * (24 / factor) + x] - sum / factor ** 2)).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("with the triangle filter, halving weighs each group of four pixels 1/8, 3/8, 3/8, 1/8 (renormalized at the edges)", () => {
    const row = [8, 16, 24, 32, 40, 48, 56, 64];
    const image = greyImage(8, 1, (x) => row[x]);
    // Output i is centred at input coordinate 2i + 1 (pixel k spans [k, k + 1)): output 1 weighs inputs 1 … 4,
    // (16 + 3·24 + 3·32 + 40) / 8 = 28; output 2 inputs 3 … 6, (32 + 3·40 + 3·48 + 56) / 8 = 44. Output 0 sees
    // inputs 0 … 2 with weights 3/4, 3/4, 1/4 over 7/4: 13.71 → 14; output 3 inputs 5 … 7: 58.29 → 58.
    expect(red(resizeRgb(image, 4, 1))).toEqual([14, 28, 44, 58]);
  });
});

describe("torchvision's Resize(256) + CenterCrop(224)", () => {
  it("rounds crop offsets half to even, as Python's round", () => {
    expect([0.5, 1.5, 2.5, 58.5, 59.5, 16].map(roundHalfToEven)).toEqual([0, 2, 2, 58, 60, 16]);
  });

  it("scales the shorter side to 256 and the longer to int(256 · long / short), then crops the centre 224", () => {
    // 400×300: the longer side becomes int(341.33) = 341, the left offset round(58.5) = 58.
    const image = greyImage(400, 300, (x, y) => (x * 7 + y * 3) % 256);
    const planes = torchvisionResizeAndCenterCrop(image);
    expect(planes.length).toBe(3 * 224 * 224);
    const scaled = resizeRgb(image, 341, 256);
    for (const [x, y] of [[0, 0], [223, 0], [17, 200], [223, 223]]) {
      expect(planes[y * 224 + x]).toBe(Math.fround(scaled.data[((y + 16) * 341 + x + 58) * 3] / 255));
    }
    expect(() => torchvisionResizeAndCenterCrop(image, 100, 224)).toThrow(/smaller than CenterCrop\(224\)/);
  });
});

describe("the ImageNet class names", () => {
  it("are the 1,000 classes in torchvision's index order", () => {
    expect(imagenetClassNames).toHaveLength(1000);
    expect(imagenetClassNames[0]).toBe("tench, Tinca tinca");
    expect(imagenetClassNames[1]).toBe("goldfish, Carassius auratus");
    expect(imagenetClassNames[207]).toBe("golden retriever");
    expect(imagenetClassNames[281]).toBe("tabby, tabby cat");
    expect(imagenetClassNames[409]).toBe("analog clock");
    expect(imagenetClassNames[948]).toBe("Granny Smith");
    expect(imagenetClassNames[999]).toBe("toilet tissue, toilet paper, bathroom tissue");
    expect(shortClassName(imagenetClassNames[2])).toBe("great white shark");
  });
});
