import { createRandom } from "@alexnet-ts/engine";
import { checkIndex, type Dataset, type ImageBatch } from "./dataset.js";
import { deriveSeed } from "./derive-seed.js";

/** Options of the synthetic dataset. */
export interface SyntheticOptions {
  readonly count: number;
  readonly classes: number;
  readonly channels: number;
  readonly size: number;
  readonly seed: number;
  /** Number of the first image: a test set uses the training set's seed and starts after its images (default 0). */
  readonly firstIndex?: number;
  /** Standard deviation of the per-pixel noise added to each class's pattern (default 0.15). */
  readonly noise?: number;
}

/** Per-channel normalization for synthetic images: they are centred on 0.5 with a spread of about 0.25. */
export const syntheticNormalization = { mean: [0.5], standardDeviation: [0.25] } as const;

/**
 * Seeded, learnable synthetic images for smoke tests and benchmarks: each class is a fixed
 * pattern (a sine grating with a class-dependent orientation and frequency, plus a class-dependent
 * colour cast) and each image is its class's pattern plus Gaussian noise. Image i has label
 * i mod classes, and its pixels depend only on (seed, i), so any image can be read in any order
 * (image i of a set with `firstIndex` f is image f + i).
 */
export function createSyntheticDataset(options: SyntheticOptions): Dataset {
  const { count, classes, channels, size, seed } = options;
  const noise = options.noise ?? 0.15;
  const first = options.firstIndex ?? 0;
  const templates = Array.from({ length: classes }, (_, label) => classTemplate(label, classes, channels, size, seed));
  const pixels = channels * size * size;
  return {
    description: `synthetic (seed ${seed}, ${first > 0 ? `images ${first}…${first + count - 1}` : `${count} images`}, ${classes} classes, ${channels}×${size}×${size})`,
    count,
    classNames: Array.from({ length: classes }, (_, label) => `class-${label}`),
    channels,
    height: size,
    width: size,
    labelOf: (index) => (first + checkIndex(index, count)) % classes,
    read: async (indices): Promise<ImageBatch> => {
      const images = new Float32Array(indices.length * pixels);
      const labels = new Int32Array(indices.length);
      indices.forEach((index, position) => {
        const number = first + checkIndex(index, count);
        const label = number % classes;
        const random = createRandom(deriveSeed(seed, 1, number));
        const template = templates[label];
        for (let pixel = 0; pixel < pixels; pixel++) {
          const value = template[pixel] + noise * random.normal();
          images[position * pixels + pixel] = value < 0 ? 0 : value > 1 ? 1 : value;
        }
        labels[position] = label;
      });
      return { images, labels, count: indices.length };
    },
  };
}

function classTemplate(label: number, classes: number, channels: number, size: number, seed: number): Float32Array {
  const random = createRandom(deriveSeed(seed, 0, label));
  const angle = (Math.PI * label) / classes;
  const frequency = (2 * Math.PI * (1 + (label % 3))) / size;
  const phase = random.uniform() * 2 * Math.PI;
  const template = new Float32Array(channels * size * size);
  for (let channel = 0; channel < channels; channel++) {
    const cast = 0.15 * (random.uniform() - 0.5);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const wave = Math.sin(frequency * (x * Math.cos(angle) + y * Math.sin(angle)) + phase);
        template[(channel * size + y) * size + x] = 0.5 + cast + 0.3 * wave;
      }
    }
  }
  return template;
}
