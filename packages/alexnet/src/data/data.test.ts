import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { cifar10Normalization, createCifar10Dataset } from "./cifar10.js";
import { DataError } from "./errors.js";
import { createImageFolderDataset } from "./image-folder.js";
import { createMnistSubsetDataset, mnistSubsetNormalization } from "./mnist-subset.js";
import { normalizeImages } from "./normalize.js";
import { openDataSource, parseDataSpec } from "./source.js";
import { splitDataset } from "./split.js";
import { createSyntheticDataset } from "./synthetic.js";

const folders: string[] = [];
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "alexnet-data-"));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A PNG of one colour; `greyscale` writes colour type 0 so the decoder's conversion is exercised. */
function pngBytes(width: number, height: number, rgb: readonly [number, number, number], greyscale = false): Buffer {
  const png = new PNG({ width, height, colorType: greyscale ? 0 : 6, inputColorType: 6 });
  for (let pixel = 0; pixel < width * height; pixel++) png.data.set([rgb[0], rgb[1], rgb[2], 255], pixel * 4);
  return PNG.sync.write(png, { colorType: greyscale ? 0 : 6, inputColorType: 6 });
}

function jpegBytes(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let pixel = 0; pixel < width * height; pixel++) data.set([rgb[0], rgb[1], rgb[2], 255], pixel * 4);
  return jpeg.encode({ data, width, height }, 95).data;
}

describe("the MNIST subset from the mnist package (--data mnist-subset)", () => {
  const train = createMnistSubsetDataset("train");
  const test = createMnistSubsetDataset("test");
  it("splits the 10,000 digits into 9,001 training and 999 test images, every digit in both", () => {
    expect(train.count + test.count).toBe(10_000);
    expect(test.count).toBe(999);
    const testDigits = new Set(Array.from({ length: test.count }, (_, index) => test.labelOf(index)));
    expect(testDigits.size).toBe(10);
  });
  it("reads 28×28 greyscale pixels in [0, 1] with the labels labelOf gives", async () => {
    const indices = [0, 4500, 8999];
    const batch = await train.read(indices);
    expect([train.channels, train.height, train.width]).toEqual([1, 28, 28]);
    expect(batch.images.length).toBe(3 * 784);
    expect(Math.min(...batch.images)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...batch.images)).toBeLessThanOrEqual(1);
    expect(Math.max(...batch.images)).toBeGreaterThan(0.5);
    expect([...batch.labels]).toEqual(indices.map((index) => train.labelOf(index)));
  });
  it("computes its normalization from its 9,001 training digits, near the full set's", () => {
    const { mean, standardDeviation } = mnistSubsetNormalization();
    // A 15% sample of MNIST's digits: its statistics are within 0.005 of the 60,000's (0.1307, 0.3081).
    expect(Math.abs(mean[0] - 0.1307)).toBeLessThan(0.005);
    expect(Math.abs(standardDeviation[0] - 0.3081)).toBeLessThan(0.005);
  });
});

describe("image folders", () => {
  it("decodes PNG (RGBA and greyscale) and JPEG to RGB, rescaled to the stored size", async () => {
    const root = temporaryFolder();
    mkdirSync(join(root, "cats"));
    mkdirSync(join(root, "dogs"));
    writeFileSync(join(root, "cats", "a.png"), pngBytes(40, 20, [255, 0, 0]));
    writeFileSync(join(root, "cats", "b.png"), pngBytes(16, 16, [128, 128, 128], true));
    writeFileSync(join(root, "dogs", "c.jpg"), jpegBytes(24, 32, [0, 0, 255]));
    writeFileSync(join(root, "dogs", "notes.txt"), "not an image");
    const dataset = createImageFolderDataset(root, { size: 8, onCorrupt: "fail" });
    expect(dataset.classNames).toEqual(["cats", "dogs"]);
    expect(dataset.count).toBe(3);
    const batch = await dataset.read([0, 1, 2]);
    expect([...batch.labels]).toEqual([0, 0, 1]);
    const plane = 64;
    const pixel = (image: number, channel: number): number => batch.images[image * 3 * plane + channel * plane + 27];
    // A uniform image stays uniform under bilinear resizing; JPEG is lossy, so allow 4/255.
    expect([pixel(0, 0), pixel(0, 1), pixel(0, 2)]).toEqual([1, 0, 0]);
    expect(pixel(1, 0)).toBeCloseTo(128 / 255, 6);
    expect(pixel(1, 2)).toBeCloseTo(128 / 255, 6);
    expect(Math.abs(pixel(2, 2) - 1)).toBeLessThan(4 / 255);
    expect(Math.abs(pixel(2, 0))).toBeLessThan(4 / 255);
  });

  it("fails on a corrupt image naming its path, or skips and lists it", async () => {
    const root = temporaryFolder();
    mkdirSync(join(root, "a"));
    writeFileSync(join(root, "a", "good.png"), pngBytes(8, 8, [10, 20, 30]));
    writeFileSync(join(root, "a", "broken.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const failing = createImageFolderDataset(root, { size: 8, onCorrupt: "fail" });
    await expect(failing.read([0, 1])).rejects.toThrow(new RegExp(`corrupt image ${join(root, "a", "broken.jpg")}.*--on-corrupt skip`));
    const reported: string[] = [];
    const skipping = createImageFolderDataset(root, { size: 8, onCorrupt: "skip", onSkip: (path) => reported.push(path) });
    const batch = await skipping.read([0, 1]);
    expect(batch.count).toBe(1);
    expect(batch.skipped).toEqual([join(root, "a", "broken.jpg")]);
    expect(reported).toEqual([join(root, "a", "broken.jpg")]);
    // The corrupt image is never retried or trained on in later reads.
    const again = await skipping.read([0, 1]);
    expect(again.count).toBe(1);
    expect(reported.length).toBe(1);
  });

  it("refuses a missing folder and a folder without class folders with one line", () => {
    const root = temporaryFolder();
    expect(() => createImageFolderDataset(join(root, "nope"), { size: 8, onCorrupt: "fail" })).toThrow(DataError);
    expect(() => createImageFolderDataset(root, { size: 8, onCorrupt: "fail" })).toThrow(/has no class sub-folders/);
  });
});

describe("CIFAR-10 binary", () => {
  function writeBatch(path: string, labels: readonly number[]): void {
    const bytes = Buffer.alloc(labels.length * 3073);
    labels.forEach((label, record) => {
      bytes[record * 3073] = label;
      // red plane = 10·label, green = 20, blue = the pixel index mod 256
      for (let pixel = 0; pixel < 1024; pixel++) {
        bytes[record * 3073 + 1 + pixel] = 10 * label;
        bytes[record * 3073 + 1 + 1024 + pixel] = 20;
        bytes[record * 3073 + 1 + 2048 + pixel] = pixel % 256;
      }
    });
    writeFileSync(path, bytes);
  }
  function fakeCifar(): string {
    const folder = temporaryFolder();
    for (let batch = 1; batch <= 5; batch++) writeBatch(join(folder, `data_batch_${batch}.bin`), [batch, (batch + 1) % 10]);
    writeBatch(join(folder, "test_batch.bin"), [9, 8, 7]);
    writeFileSync(join(folder, "batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
    return folder;
  }

  it("reads records across the five training files with labels, CHW planes and class names", async () => {
    const folder = fakeCifar();
    const train = createCifar10Dataset(folder, "train");
    const test = createCifar10Dataset(folder, "test");
    expect(train.count).toBe(10);
    expect(test.count).toBe(3);
    expect(train.classNames[9]).toBe("j");
    const batch = await train.read([4, 9]);
    expect([...batch.labels]).toEqual([3, 6]);
    expect(batch.images[0]).toBeCloseTo(30 / 255, 6);
    expect(batch.images[1024]).toBeCloseTo(20 / 255, 6);
    expect(batch.images[2048 + 300]).toBeCloseTo(300 % 256 / 255, 6);
    expect(batch.images[3072]).toBeCloseTo(60 / 255, 6);
  });

  it("computes its per-channel normalization from the five training files only", () => {
    const folder = fakeCifar();
    const { mean, standardDeviation } = cifar10Normalization(folder);
    // Red is 10 × label in every pixel of a record: labels 1 … 5 and 2 … 6 give mean 35/255 and deviation sqrt(mean of squares − mean²).
    const reds = [1, 2, 2, 3, 3, 4, 4, 5, 5, 6].map((label) => 10 * label);
    const redMean = reds.reduce((sum, value) => sum + value, 0) / reds.length;
    const redDeviation = Math.sqrt(reds.reduce((sum, value) => sum + value * value, 0) / reds.length - redMean ** 2);
    expect(mean[0]).toBeCloseTo(redMean / 255, 4);
    expect(standardDeviation[0]).toBeCloseTo(redDeviation / 255, 4);
    // Green is 20 everywhere: no spread. Blue cycles 0 … 255 four times per plane: the uniform 8-bit statistics.
    expect([mean[1], standardDeviation[1]]).toEqual([0.0784, 0]);
    expect(mean[2]).toBeCloseTo(0.5, 4);
    expect(standardDeviation[2]).toBeCloseTo(Math.sqrt((256 ** 2 - 1) / 12) / 255, 4);
  });

  it("refuses a wrong path, a missing file and a truncated file with one clear line", () => {
    const folder = fakeCifar();
    expect(() => createCifar10Dataset(join(folder, "missing"), "train")).toThrow(/CIFAR-10 folder .* does not exist/);
    rmSync(join(folder, "data_batch_3.bin"));
    expect(() => createCifar10Dataset(folder, "train")).toThrow(/data_batch_3.bin is missing/);
    writeFileSync(join(folder, "test_batch.bin"), Buffer.alloc(3073 + 100));
    expect(() => createCifar10Dataset(folder, "test")).toThrow(/truncated or not in the binary format: 3173 bytes/);
  });
});

describe("synthetic data", () => {
  it("is the same image for the same seed and index, in any read order", async () => {
    const dataset = createSyntheticDataset({ count: 20, classes: 4, channels: 3, size: 8, seed: 7 });
    const forward = await dataset.read([3, 5]);
    const backward = await dataset.read([5, 3]);
    const pixels = 3 * 64;
    expect(forward.images.subarray(0, pixels)).toEqual(backward.images.subarray(pixels));
    expect([...forward.labels]).toEqual([3, 1]);
    const other = await createSyntheticDataset({ count: 20, classes: 4, channels: 3, size: 8, seed: 8 }).read([3]);
    expect(other.images).not.toEqual(forward.images.subarray(0, pixels));
  });
  it("a set starting at firstIndex holds the same images and labels as the numbers it continues", async () => {
    const whole = createSyntheticDataset({ count: 10, classes: 3, channels: 1, size: 4, seed: 2 });
    const tail = createSyntheticDataset({ count: 4, classes: 3, channels: 1, size: 4, seed: 2, firstIndex: 6 });
    expect([0, 1, 2, 3].map((index) => tail.labelOf(index))).toEqual([6, 7, 8, 9].map((index) => whole.labelOf(index)));
    expect((await tail.read([0, 3])).images).toEqual((await whole.read([6, 9])).images);
  });

  it("is learnable: images are closer to their own class's mean than to another's", async () => {
    const dataset = createSyntheticDataset({ count: 40, classes: 2, channels: 1, size: 8, seed: 3 });
    const batch = await dataset.read(Array.from({ length: 40 }, (_, index) => index));
    const means = [new Float64Array(64), new Float64Array(64)];
    for (let image = 0; image < 40; image++) for (let pixel = 0; pixel < 64; pixel++) means[image % 2][pixel] += batch.images[image * 64 + pixel] / 20;
    let nearest = 0;
    for (let image = 0; image < 40; image++) {
      const distance = (label: number): number => means[label].reduce((sum, value, pixel) => sum + (batch.images[image * 64 + pixel] - value) ** 2, 0);
      if (distance(image % 2) < distance(1 - (image % 2))) nearest++;
    }
    expect(nearest).toBe(40);
  });
});

describe("splits, limits and normalization", () => {
  it("a seeded split is disjoint, complete and the same for the same seed", () => {
    const dataset = createSyntheticDataset({ count: 50, classes: 5, channels: 1, size: 4, seed: 1 });
    const first = splitDataset(dataset, 0.2, 9);
    const second = splitDataset(dataset, 0.2, 9);
    expect(first.validation.count).toBe(10);
    expect(first.train.count).toBe(40);
    const labels = (part: typeof first.train): number[] => Array.from({ length: part.count }, (_, index) => part.labelOf(index));
    expect(labels(first.validation)).toEqual(labels(second.validation));
    expect(labels(splitDataset(dataset, 0.2, 10).validation)).not.toEqual(labels(first.validation));
  });
  it("openDataSource parses --data values and applies --limit to every part", () => {
    expect(parseDataSpec("cifar10:/x")).toEqual({ kind: "cifar10", path: "/x" });
    expect(() => parseDataSpec("cifar10:")).toThrow(/needs a folder after the colon/);
    const source = openDataSource(parseDataSpec("mnist-subset"), { imageSize: 28, seed: 1, limit: 900 });
    expect(source.train.count).toBe(900);
    expect(source.validation.count).toBe(100);
    expect(source.test?.count).toBe(111);
    expect(source.flipByDefault).toBe(false);
  });
  it("normalizes each channel plane with its own mean and deviation", () => {
    const images = Float32Array.from([1, 1, 2, 2, 2, 2, 6, 6]);
    normalizeImages(images, 2, 2, { mean: [1, 2], standardDeviation: [0.5, 2] });
    expect([...images]).toEqual([0, 0, 0, 0, 2, 2, 2, 2]);
  });
});
