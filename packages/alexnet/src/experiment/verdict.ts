import { spreadOf, type Spread } from "./statistics.js";

/** The one-line outcome of a claim on the data measured here. */
export type Verdict = "holds here" | "does not hold here" | "within noise";

/** A claim's comparison: the measured difference, its uncertainty and the verdict they give. */
export interface Judgement {
  /** For differences: mean(worse) − mean(better); for speed: the mean ratio worse/better. */
  readonly estimate: number;
  /** Standard error of the estimate, from the spread over seeds (NaN with fewer than two seeds). */
  readonly standardError: number;
  readonly verdict: Verdict;
}

/**
 * How many standard errors a difference must exceed to count: 2, about a 95% interval. With three
 * seeds this is lenient (Student's t for 2 degrees of freedom is 4.3), which the report states.
 */
export const noiseMultiple = 2;

/**
 * Judges "`better` is lower than `worse`" from per-seed values: the claim holds when the
 * difference of means exceeds `noiseMultiple` standard errors of that difference in its
 * direction, does not hold when it does so the other way, and is within noise otherwise
 * (always so with fewer than two seeds per arm: no spread, no verdict).
 */
export function judgeLower(better: readonly number[], worse: readonly number[]): Judgement {
  const a = spreadOf(better);
  const b = spreadOf(worse);
  const estimate = b.mean - a.mean;
  const standardError = a.count < 2 || b.count < 2 ? Number.NaN : Math.sqrt(a.deviation ** 2 / a.count + b.deviation ** 2 / b.count);
  return { estimate, standardError, verdict: verdictFor(estimate, standardError, 0) };
}

/**
 * Judges "`better` is faster than `worse`" from per-seed ratios (worse's steps ÷ better's, paired
 * by seed): holds when the mean ratio exceeds 1 by `noiseMultiple` standard errors, does not
 * hold when it falls below 1 by as much.
 */
export function judgeSpeedUp(ratios: readonly number[]): Judgement {
  const spread: Spread = spreadOf(ratios);
  const standardError = spread.count < 2 ? Number.NaN : spread.deviation / Math.sqrt(spread.count);
  return { estimate: spread.mean, standardError, verdict: verdictFor(spread.mean, standardError, 1) };
}

function verdictFor(estimate: number, standardError: number, neutral: number): Verdict {
  if (!Number.isFinite(estimate) || !Number.isFinite(standardError)) return "within noise";
  if (estimate - noiseMultiple * standardError > neutral) return "holds here";
  if (estimate + noiseMultiple * standardError < neutral) return "does not hold here";
  return "within noise";
}
