import { readRunMetrics, type EpochMetrics } from "../training/metrics.js";
import { readRunResult, readSteps, type StepRecord } from "./run-store.js";

/** The numbers of one finished run, in percent where they are error rates. */
export interface RunFigures {
  readonly seed: number;
  readonly history: readonly EpochMetrics[];
  /** Training error per step, smoothed over a trailing window (see `smoothedTrainingError`). */
  readonly errorCurve: readonly number[];
  readonly steps: number;
  readonly seconds: number;
  /** Training error of the last epoch (dropout and augmentation on, as the paper's curves are). */
  readonly finalTrainError: number;
  readonly testTop1Error: number;
  readonly testTop5Error: number;
  /** Test top-1 error minus final training error: how much the model overfits. */
  readonly overfitting: number;
  /** Which split the test figures come from ("test", or "validation" for data without one). */
  readonly split: string;
}

/** Reads a finished run folder; undefined when it has no result yet. */
export function readRunFigures(folder: string, seed: number): RunFigures | undefined {
  const result = readRunResult(folder);
  if (result === undefined) return undefined;
  const history = readRunMetrics(folder); // Only the epochs the run's manifest committed.
  const steps = readSteps(folder);
  const last = history.at(-1);
  const finalTrainError = last === undefined ? Number.NaN : 100 * (1 - last.trainAccuracy);
  const testTop1Error = 100 * (1 - result.top1);
  return {
    seed,
    history,
    errorCurve: smoothedTrainingError(steps, windowFor(history, steps.length)),
    steps: last?.step ?? steps.length,
    seconds: history.reduce((sum, metrics) => sum + metrics.seconds, 0),
    finalTrainError,
    testTop1Error,
    testTop5Error: 100 * (1 - result.top5),
    overfitting: testTop1Error - finalTrainError,
    split: result.split,
  };
}

/** A quarter of an epoch's steps (at least 1): long enough to smooth a batch's noise, short enough to follow the curve. */
function windowFor(history: readonly EpochMetrics[], stepCount: number): number {
  const stepsPerEpoch = history.length > 0 ? (history.at(-1)?.step ?? stepCount) / history.length : stepCount;
  return Math.max(1, Math.round(stepsPerEpoch / 4));
}

/**
 * Training error (percent) after each step, over the images of the last `window` steps: the
 * per-step error of one batch is too noisy to find when a threshold is crossed.
 */
export function smoothedTrainingError(steps: readonly StepRecord[], window: number): number[] {
  const curve: number[] = [];
  let correct = 0;
  let count = 0;
  steps.forEach((record, index) => {
    correct += record.correct;
    count += record.count;
    const leaving = steps[index - window];
    if (leaving !== undefined) {
      correct -= leaving.correct;
      count -= leaving.count;
    }
    curve.push(count > 0 ? 100 * (1 - correct / count) : Number.NaN);
  });
  return curve;
}

/** When a run's smoothed training error first reached a threshold: steps, epochs and training seconds; censored when it never did. */
export interface ThresholdCrossing {
  /** Steps until the error first fell to the threshold, or all steps of the run when it never did. */
  readonly steps: number;
  readonly epochs: number;
  readonly seconds: number;
  readonly reached: boolean;
}

/** The first step whose smoothed error is at or below `threshold` percent, with its time interpolated within its epoch. */
export function crossThreshold(figures: RunFigures, threshold: number): ThresholdCrossing {
  const index = figures.errorCurve.findIndex((error) => error <= threshold);
  const reached = index >= 0;
  const steps = reached ? index + 1 : figures.steps;
  return { steps, reached, ...timeAtStep(figures.history, steps) };
}

/** Epochs (fractional) and training seconds (from each epoch's measured seconds) at a step. */
function timeAtStep(history: readonly EpochMetrics[], step: number): { epochs: number; seconds: number } {
  let previousStep = 0;
  let seconds = 0;
  for (const [index, metrics] of history.entries()) {
    if (step <= metrics.step) {
      const fraction = (step - previousStep) / Math.max(1, metrics.step - previousStep);
      return { epochs: index + fraction, seconds: seconds + fraction * metrics.seconds };
    }
    previousStep = metrics.step;
    seconds += metrics.seconds;
  }
  return { epochs: history.length, seconds };
}

/**
 * A threshold that tells the arms apart on this data when none is given: halfway between the
 * training error at the first step (chance level: the networks are untrained) and the lowest
 * final training error any arm reaches (mean over its seeds), rounded to a whole percent. The
 * best arm gets there before its runs end; an arm that never does is reported as "more than"
 * its whole run. The paper's 25% on CIFAR-10 is such a point for its four-layer network.
 */
export function automaticThreshold(arms: readonly (readonly RunFigures[])[]): number {
  const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const starts = arms.flat().map((figures) => figures.errorCurve[0]).filter(Number.isFinite);
  const finals = arms
    .map((runs) => runs.map((figures) => figures.errorCurve.at(-1) ?? Number.NaN).filter(Number.isFinite))
    .filter((values) => values.length > 0)
    .map(mean);
  if (starts.length === 0 || finals.length === 0) return Number.NaN;
  return Math.round((mean(starts) + Math.min(...finals)) / 2);
}
