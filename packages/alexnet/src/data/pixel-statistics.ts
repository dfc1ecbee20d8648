import type { Normalization } from "./normalize.js";

/**
 * Counts of 8-bit pixel values per channel, from which a dataset's per-channel mean and standard
 * deviation follow exactly: the counts are integers in doubles (exact up to 2^53 pixels), so the
 * statistics are computed from exact sums and rounded once, whatever the order of the images.
 */
export class PixelHistogram {
  private readonly counts: Float64Array[];

  constructor(readonly channels: number) {
    this.counts = Array.from({ length: channels }, () => new Float64Array(256));
  }

  /** Counts these pixels (values 0 … 255) as belonging to `channel`. */
  add(channel: number, pixels: Uint8Array): void {
    const counts = this.counts[channel];
    for (let index = 0; index < pixels.length; index++) counts[pixels[index]]++;
  }

  /** Mean and standard deviation per channel, of the pixels scaled to [0, 1]. */
  normalization(): Normalization {
    const mean: number[] = [];
    const standardDeviation: number[] = [];
    for (const counts of this.counts) {
      let count = 0;
      let sum = 0;
      let square = 0;
      for (let value = 0; value < 256; value++) {
        count += counts[value];
        sum += counts[value] * value;
        square += counts[value] * value * value;
      }
      const channelMean = sum / count;
      mean.push(channelMean / 255);
      standardDeviation.push(Math.sqrt(Math.max(0, square / count - channelMean * channelMean)) / 255);
    }
    return { mean, standardDeviation };
  }
}

/** Rounds statistics to four decimals, as they are stated in docs/datasets.md and stored in checkpoints. */
export function roundStatistics(statistics: Normalization): Normalization {
  const round = (value: number): number => Math.round(value * 10_000) / 10_000;
  return { mean: statistics.mean.map(round), standardDeviation: statistics.standardDeviation.map(round) };
}
