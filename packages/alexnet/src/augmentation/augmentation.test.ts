import { createRandom } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { augmentBatch } from "./augment.js";
import { centerCrops, cropGeometry, tenCrops } from "./crop.js";
import { symmetricEigen } from "./jacobi.js";
import { ColourCovariance, drawColourShift, pcaStandardDeviation } from "./pca-colour.js";

/** Images whose pixel value encodes its position: image·1000 + channel·100 + y·10 + x. */
function positional(count: number, channels: number, size: number): Float32Array {
  const images = new Float32Array(count * channels * size * size);
  for (let image = 0; image < count; image++)
    for (let channel = 0; channel < channels; channel++)
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) images[((image * channels + channel) * size + y) * size + x] = image * 1000 + channel * 100 + y * 10 + x;
  return images;
}

describe("crops and flips", () => {
  it("crops 227 from 256 as the paper does, and pads small images by ⌈size/16⌉", () => {
    expect(cropGeometry(256, 227)).toEqual({ storedSize: 256, padding: 0, cropSize: 227 });
    expect(cropGeometry(28, 28)).toEqual({ storedSize: 28, padding: 2, cropSize: 28 });
    expect(() => cropGeometry(28, 32)).toThrow(/smaller than the model's 32×32 input/);
  });

  it("is the same for the same seed and different for another", () => {
    const images = positional(4, 3, 8);
    const geometry = cropGeometry(8, 5);
    const options = { crop: true, flip: true, pca: undefined };
    const first = augmentBatch(images, 4, 3, geometry, options, createRandom(1));
    expect(augmentBatch(images, 4, 3, geometry, options, createRandom(1))).toEqual(first);
    expect(augmentBatch(images, 4, 3, geometry, options, createRandom(2))).not.toEqual(first);
  });

  it("every crop is a window of the padded image, mirrored when flipped, and all windows occur", () => {
    const size = 4;
    const images = positional(1, 1, size).map((value) => value + 1); // +1 so that padding (0) is distinguishable
    const geometry = cropGeometry(size, size); // padding 1: windows at offsets 0 … 2 on each axis
    const padded = (y: number, x: number): number => (y < 1 || y > size || x < 1 || x > size ? 0 : images[(y - 1) * size + (x - 1)]);
    const window = (left: number, top: number, flip: boolean): number[] =>
      Array.from({ length: size * size }, (_, index) => padded(top + Math.floor(index / size), left + (flip ? size - 1 - (index % size) : index % size)));
    const candidates = [0, 1, 2].flatMap((left) => [0, 1, 2].flatMap((top) => [false, true].map((flip) => ({ key: `${left},${top},${flip}`, pixels: window(left, top, flip).join() }))));
    const seen = new Set<string>();
    const random = createRandom(3);
    for (let trial = 0; trial < 400; trial++) {
      const crop = augmentBatch(images, 1, 1, geometry, { crop: true, flip: true, pca: undefined }, random);
      const match = candidates.find((candidate) => candidate.pixels === [...crop].join());
      expect(match).toBeDefined();
      seen.add(match!.key);
    }
    // 18 equally likely windows in 400 draws: missing one has probability 18·(17/18)^400 ≈ 1e-9.
    expect(seen.size).toBe(18);
  });

  it("the centre crop of a padded image is the image itself", () => {
    const images = positional(2, 1, 6);
    expect(centerCrops(images, 2, 1, cropGeometry(6, 6))).toEqual(images);
  });

  it("ten crops are the four corners, the centre and their mirror images", () => {
    const images = positional(1, 1, 4);
    const views = tenCrops(images, 1, 1, cropGeometry(4, 2));
    const view = (index: number): number[] => [...views.subarray(index * 4, index * 4 + 4)];
    expect(view(0)).toEqual([0, 1, 10, 11]); // top left
    expect(view(1)).toEqual([2, 3, 12, 13]); // top right
    expect(view(2)).toEqual([20, 21, 30, 31]); // bottom left
    expect(view(3)).toEqual([22, 23, 32, 33]); // bottom right
    expect(view(4)).toEqual([11, 12, 21, 22]); // centre
    expect(view(5)).toEqual([1, 0, 11, 10]); // top left, mirrored
    expect(view(9)).toEqual([12, 11, 22, 21]); // centre, mirrored
    // Without mirror images (a model trained without flips): the first five views only.
    expect(tenCrops(images, 1, 1, cropGeometry(4, 2), false)).toEqual(views.subarray(0, 20));
  });
});

describe("PCA colour augmentation", () => {
  it("Jacobi recovers a known eigen-decomposition (float64, 1e-10)", () => {
    // A = Q·diag(5, 2, 0.5)·Qᵀ for a rotation Q.
    const angle = 0.7;
    const q = [
      [Math.cos(angle), -Math.sin(angle), 0],
      [Math.sin(angle) * 0.6, Math.cos(angle) * 0.6, -0.8],
      [Math.sin(angle) * 0.8, Math.cos(angle) * 0.8, 0.6],
    ];
    const values = [5, 2, 0.5];
    const a = [0, 1, 2].map((row) => [0, 1, 2].map((column) => values.reduce((sum, value, k) => sum + q[row][k] * value * q[column][k], 0)));
    const result = symmetricEigen(a);
    result.values.forEach((value, index) => expect(value).toBeCloseTo(values[index], 10));
    for (let k = 0; k < 3; k++) {
      const dot = [0, 1, 2].reduce((sum, row) => sum + result.vectors[row][k] * q[row][k], 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    }
  });

  it("images whose colours vary along one RGB direction give one non-zero eigenvalue along it", () => {
    const direction = [1, 2, 2].map((value) => value / 3);
    const size = 4;
    const plane = size * size;
    const count = 6;
    const images = new Float32Array(count * 3 * plane);
    const random = createRandom(9);
    let sum = 0;
    let sumSquares = 0;
    for (let image = 0; image < count; image++) {
      for (let pixel = 0; pixel < plane; pixel++) {
        const t = random.uniform() - 0.5;
        sum += t;
        sumSquares += t * t;
        for (let channel = 0; channel < 3; channel++) images[image * 3 * plane + channel * plane + pixel] = 0.5 + Math.fround(t * direction[channel]);
      }
    }
    const covariance = new ColourCovariance();
    covariance.add(images, count, plane);
    const pca = covariance.decompose();
    const pixels = count * plane;
    const variance = sumSquares / pixels - (sum / pixels) ** 2;
    // Float32 pixels carry ~1e-7 relative error, so the zero eigenvalues are zero to ~1e-7 of the first.
    expect(pca.eigenvalues[0]).toBeCloseTo(variance, 6);
    expect(pca.eigenvalues[1]).toBeLessThan(1e-6 * pca.eigenvalues[0]);
    expect(pca.eigenvalues[2]).toBeLessThan(1e-6 * pca.eigenvalues[0]);
    const first = [0, 1, 2].map((channel) => pca.eigenvectors[channel][0]);
    expect(Math.abs(first.reduce((dot, value, channel) => dot + value * direction[channel], 0))).toBeCloseTo(1, 6);
    // Every colour shift then lies along that direction, with α·λ of spread N(0, 0.1·λ).
    const shifts = Array.from({ length: 2000 }, () => drawColourShift(pca, random));
    for (const shift of shifts.slice(0, 20)) {
      const length = Math.hypot(...shift);
      const along = Math.abs(shift.reduce((dot, value, channel) => dot + value * direction[channel], 0));
      expect(along).toBeCloseTo(length, 6);
    }
    const spread = Math.sqrt(shifts.reduce((total, shift) => total + shift.reduce((dot, value, channel) => dot + value * direction[channel], 0) ** 2, 0) / shifts.length);
    // 2000 draws estimate a standard deviation to about ±3% (1/√(2·2000) relative, ×2 for margin).
    expect(Math.abs(spread / (pcaStandardDeviation * pca.eigenvalues[0]) - 1)).toBeLessThan(0.05);
  });

  it("adds one shift per image, the same to every pixel, and nothing when off", () => {
    const images = new Float32Array(2 * 3 * 4).fill(0.5);
    const pca = { eigenvalues: [0.1, 0.01, 0.001], eigenvectors: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] };
    const geometry = cropGeometry(2, 1);
    const shifted = augmentBatch(images, 2, 3, geometry, { crop: false, flip: false, pca }, createRandom(4));
    expect(shifted.length).toBe(6);
    expect(shifted[0]).not.toBe(0.5);
    expect(shifted[0]).not.toBe(shifted[3]);
    const plain = augmentBatch(images, 2, 3, geometry, { crop: false, flip: false, pca: undefined }, createRandom(4));
    expect([...plain]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });
});
