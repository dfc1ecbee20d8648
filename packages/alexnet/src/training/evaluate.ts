import type { Model } from "@alexnet-ts/engine";
import type { Dataset } from "../data/dataset.js";
import { evaluationInputs, tenCropInputs, type InputPipeline } from "./pipeline.js";

/** Loss and accuracy of a model over a dataset. */
export interface Evaluation {
  /** Images evaluated (corrupt images skipped by the source are not counted). */
  readonly count: number;
  /** Mean cross-entropy. */
  readonly loss: number;
  /** Fraction whose label is the top-scoring class. */
  readonly top1: number;
  /** Fraction whose label is among the five top-scoring classes (all of them when there are fewer). */
  readonly top5: number;
}

/** Options of an evaluation. */
export interface EvaluationOptions {
  /** Images per forward pass (default 100). */
  readonly batch?: number;
  /**
   * The paper's test-time augmentation: average the softmax over the four corner crops, the
   * centre crop and their mirror images (section 4.1). Off: the centre crop alone.
   */
  readonly tenCrop?: boolean;
  /**
   * Include the mirror images in ten-crop averaging (default true). A model trained without flips
   * (digits) has never seen mirrored inputs, so its average uses the five unflipped crops.
   */
  readonly mirror?: boolean;
}

/** Evaluates a model on every image of a dataset, in order, in inference mode. */
export async function evaluateDataset(model: Model, dataset: Dataset, pipeline: InputPipeline, options: EvaluationOptions = {}): Promise<Evaluation> {
  const batchSize = options.batch ?? 100;
  const classes = model.classCount;
  let count = 0;
  let lossSum = 0;
  let top1 = 0;
  let top5 = 0;
  for (let start = 0; start < dataset.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, dataset.count - start) }, (_, offset) => start + offset);
    const batch = await dataset.read(indices);
    if (batch.count === 0) continue;
    let probabilities: Float32Array;
    if (options.tenCrop === true) {
      const views = options.mirror === false ? 5 : 10;
      const inputs = tenCropInputs(batch.images, batch.count, pipeline, views === 10);
      const viewLabels = Int32Array.from({ length: batch.count * views }, (_, view) => batch.labels[Math.floor(view / views)]);
      const { logits } = await model.evaluate(inputs, viewLabels, batch.count * views);
      const viewProbabilities = softmaxRows(logits, classes);
      probabilities = new Float32Array(batch.count * classes);
      for (let view = 0; view < batch.count * views; view++) {
        const image = Math.floor(view / views);
        for (let label = 0; label < classes; label++) probabilities[image * classes + label] += viewProbabilities[view * classes + label] / views;
      }
    } else {
      const { logits } = await model.evaluate(evaluationInputs(batch.images, batch.count, pipeline), batch.labels, batch.count);
      probabilities = softmaxRows(logits, classes);
    }
    for (let image = 0; image < batch.count; image++) {
      const row = probabilities.subarray(image * classes, (image + 1) * classes);
      const label = batch.labels[image];
      // Float32 probabilities can underflow to 0 for a hopeless prediction; clamp so the mean stays finite.
      lossSum += Number.isNaN(row[label]) ? Number.NaN : -Math.log(Math.max(row[label], 1e-30));
      // A NaN score (a diverged model) is never counted as correct.
      const rank = Number.isNaN(row[label]) ? Infinity : rankOf(row, label);
      if (rank < 1) top1++;
      if (rank < 5) top5++;
    }
    count += batch.count;
  }
  if (count === 0) return { count, loss: Number.NaN, top1: 0, top5: 0 };
  return { count, loss: lossSum / count, top1: top1 / count, top5: top5 / count };
}

/** Row-wise softmax of [rows × classes] logits, computed in float64 with the maximum subtracted. */
export function softmaxRows(logits: Float32Array, classes: number): Float32Array {
  const output = new Float32Array(logits.length);
  for (let start = 0; start < logits.length; start += classes) {
    let maximum = -Infinity;
    for (let index = start; index < start + classes; index++) maximum = Math.max(maximum, logits[index]);
    let sum = 0;
    for (let index = start; index < start + classes; index++) sum += Math.exp(logits[index] - maximum);
    for (let index = start; index < start + classes; index++) output[index] = Math.exp(logits[index] - maximum) / sum;
  }
  return output;
}

/** How many classes score strictly higher than `label` (0: the top class; ties count in its favour). */
export function rankOf(scores: ArrayLike<number>, label: number): number {
  let rank = 0;
  for (let index = 0; index < scores.length; index++) if (scores[index] > scores[label]) rank++;
  return rank;
}

/** The `count` best classes of a score row, best first. */
export function topClasses(scores: ArrayLike<number>, count: number): { index: number; score: number }[] {
  return Array.from(scores, (score, index) => ({ index, score }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count);
}
