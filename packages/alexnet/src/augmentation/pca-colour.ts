import { createRandom, type Random } from "@alexnet-ts/engine";
import type { Dataset } from "../data/dataset.js";
import { permutation } from "../data/split.js";
import { symmetricEigen } from "./jacobi.js";

/** The principal components of the training set's RGB pixel values (the paper, section 4.1). */
export interface ColourPca {
  /** Eigenvalues λ₁ ≥ λ₂ ≥ λ₃ of the 3×3 covariance of RGB values (pixels in [0, 1]). */
  readonly eigenvalues: readonly number[];
  /** Unit eigenvectors as columns: `eigenvectors[channel][component]`. */
  readonly eigenvectors: readonly (readonly number[])[];
}

/** The paper's standard deviation of the random factors αᵢ. */
export const pcaStandardDeviation = 0.1;

/**
 * Accumulates the 3×3 covariance of RGB values over pixels of NCHW images (float64 sums, so a
 * few million pixels lose nothing visible), then decomposes it.
 */
export class ColourCovariance {
  private readonly sums = [0, 0, 0];
  private readonly products = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  private pixels = 0;

  /** Adds `count` images of `planeSize` pixels per channel (3 channels, NCHW). */
  add(images: Float32Array, count: number, planeSize: number): void {
    for (let image = 0; image < count; image++) {
      const base = image * 3 * planeSize;
      for (let pixel = 0; pixel < planeSize; pixel++) {
        const rgb = [images[base + pixel], images[base + planeSize + pixel], images[base + 2 * planeSize + pixel]];
        for (let row = 0; row < 3; row++) {
          this.sums[row] += rgb[row];
          for (let column = 0; column < 3; column++) this.products[row * 3 + column] += rgb[row] * rgb[column];
        }
      }
      this.pixels += planeSize;
    }
  }

  /** The covariance matrix (population covariance over all pixels added). */
  covariance(): number[][] {
    if (this.pixels === 0) throw new RangeError("no pixels were added to the colour covariance");
    const mean = this.sums.map((sum) => sum / this.pixels);
    return [0, 1, 2].map((row) => [0, 1, 2].map((column) => this.products[row * 3 + column] / this.pixels - mean[row] * mean[column]));
  }

  /** Eigenvalues and eigenvectors of the covariance (negative round-off eigenvalues clamped to 0). */
  decompose(): ColourPca {
    const { values, vectors } = symmetricEigen(this.covariance());
    return { eigenvalues: values.map((value) => Math.max(0, value)), eigenvectors: vectors };
  }
}

/**
 * The PCA over a dataset's RGB values. The paper uses the whole ImageNet training set; here a
 * seeded sample of at most `sampleLimit` images (default 2,000) stands in for a big folder,
 * which estimates a 3×3 covariance to well under 1% (millions of pixels).
 */
export async function computeColourPca(dataset: Dataset, options: { seed: number; sampleLimit?: number; batch?: number }): Promise<ColourPca> {
  if (dataset.channels !== 3) throw new RangeError(`PCA colour augmentation needs RGB images, but ${dataset.description} has ${dataset.channels} channel(s)`);
  const limit = Math.min(dataset.count, options.sampleLimit ?? 2000);
  const chosen = permutation(dataset.count, createRandom(options.seed)).slice(0, limit).sort((a, b) => a - b);
  const covariance = new ColourCovariance();
  const batch = options.batch ?? 64;
  for (let start = 0; start < chosen.length; start += batch) {
    const read = await dataset.read(chosen.slice(start, start + batch));
    covariance.add(read.images, read.count, dataset.height * dataset.width);
  }
  return covariance.decompose();
}

/**
 * One image's colour shift: Σᵢ pᵢ·αᵢ·λᵢ with αᵢ ~ N(0, 0.1), drawn once per image (per
 * presentation) and added to every pixel — "[p₁, p₂, p₃][α₁λ₁, α₂λ₂, α₃λ₃]ᵀ".
 */
export function drawColourShift(pca: ColourPca, random: Random, standardDeviation = pcaStandardDeviation): [number, number, number] {
  const alphas = pca.eigenvalues.map(() => random.normal() * standardDeviation);
  const shift: [number, number, number] = [0, 0, 0];
  for (let channel = 0; channel < 3; channel++) {
    for (let component = 0; component < 3; component++) shift[channel] += pca.eigenvectors[channel][component] * alphas[component] * pca.eigenvalues[component];
  }
  return shift;
}
