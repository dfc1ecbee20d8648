import { createRandom, type Random } from "@alexnet-ts/engine";
import { elementCount, referenceTensor, type ReferenceTensor } from "./reference/index.js";

/**
 * Seeded test data. Values are rounded to float32 before anyone sees them, so the reference
 * and the backend start from identical inputs and only their arithmetic differs.
 */
export class CaseData {
  readonly random: Random;
  constructor(readonly seed: number) {
    this.random = createRandom(seed);
  }
  /** Uniform in [low, high), float32-exact. */
  uniform(shape: readonly number[], low = -1, high = 1): ReferenceTensor {
    const values = Array.from({ length: elementCount(shape) }, () => Math.fround(low + (high - low) * this.random.uniform()));
    return referenceTensor(shape, values);
  }
  /** Uniform in ±[low, high): magnitudes kept away from 0 (away from ReLU's kink). */
  awayFromZero(shape: readonly number[], low: number, high: number): ReferenceTensor {
    const values = Array.from({ length: elementCount(shape) }, () => {
      const magnitude = low + (high - low) * this.random.uniform();
      return Math.fround(this.random.uniform() < 0.5 ? -magnitude : magnitude);
    });
    return referenceTensor(shape, values);
  }
  /** Distinct values spaced `spacing` apart in random order (no near-ties, for max pooling's gradient). */
  distinct(shape: readonly number[], spacing: number): ReferenceTensor {
    const count = elementCount(shape);
    const values = Array.from({ length: count }, (_, index) => Math.fround((index - count / 2) * spacing));
    for (let index = count - 1; index > 0; index--) {
      const other = this.random.integer(index + 1);
      [values[index], values[other]] = [values[other], values[index]];
    }
    return referenceTensor(shape, values);
  }
  /** Small whole numbers in [0, levels): many ties, for max pooling's first-maximum rule. */
  levels(shape: readonly number[], levels: number): ReferenceTensor {
    return referenceTensor(shape, Array.from({ length: elementCount(shape) }, () => this.random.integer(levels)));
  }
  /** A whole number in [low, high]. */
  integer(low: number, high: number): number {
    return low + this.random.integer(high - low + 1);
  }
  /** One of the choices. */
  pick<T>(choices: readonly T[]): T {
    return choices[this.random.integer(choices.length)];
  }
  /** True with probability p. */
  chance(probability: number): boolean {
    return this.random.uniform() < probability;
  }
}
