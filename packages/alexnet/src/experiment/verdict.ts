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

/** Student's t, two-sided 95% (the 0.975 quantile), for 1 to 30 degrees of freedom. */
const studentT975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * How many standard errors a difference must exceed to count: Student's t for a two-sided 95%
 * interval at these degrees of freedom (rounded down, so never more lenient): 4.30 for 2, 2.78
 * for 4, 2.31 for 8, 1.96 past 30. Few seeds need a large difference.
 */
export function noiseMultiple(degreesOfFreedom: number): number {
  if (!(degreesOfFreedom >= 1)) return Number.NaN;
  const whole = Math.floor(degreesOfFreedom);
  return whole > studentT975.length ? 1.96 : studentT975[whole - 1];
}

/**
 * Judges "`better` is lower than `worse`" from per-seed values (Welch's t-test, two-sided 95%):
 * the claim holds when the difference of means exceeds `noiseMultiple` standard errors of that
 * difference in its direction, does not hold when it does so the other way, and is within noise
 * otherwise (always so with fewer than two seeds per arm: no spread, no verdict).
 */
export function judgeLower(better: readonly number[], worse: readonly number[]): Judgement {
  const a = spreadOf(better);
  const b = spreadOf(worse);
  const estimate = b.mean - a.mean;
  if (a.count < 2 || b.count < 2) return { estimate, standardError: Number.NaN, verdict: "within noise" };
  const [shareA, shareB] = [a.deviation ** 2 / a.count, b.deviation ** 2 / b.count];
  const standardError = Math.sqrt(shareA + shareB);
  // Welch–Satterthwaite degrees of freedom; with no spread at all, those of the pooled test.
  const welch = (shareA + shareB) ** 2 / (shareA ** 2 / (a.count - 1) + shareB ** 2 / (b.count - 1));
  const degreesOfFreedom = Number.isFinite(welch) ? welch : a.count + b.count - 2;
  return { estimate, standardError, verdict: verdictFor(estimate, standardError, 0, noiseMultiple(degreesOfFreedom)) };
}

/**
 * Judges "`better` is faster than `worse`" from per-seed ratios (worse's steps ÷ better's, paired
 * by seed; a one-sample t-test against 1): holds when the mean ratio exceeds 1 by
 * `noiseMultiple(n − 1)` standard errors, does not hold when it falls below 1 by as much.
 */
export function judgeSpeedUp(ratios: readonly number[]): Judgement {
  const spread: Spread = spreadOf(ratios);
  const standardError = spread.count < 2 ? Number.NaN : spread.deviation / Math.sqrt(spread.count);
  return { estimate: spread.mean, standardError, verdict: verdictFor(spread.mean, standardError, 1, noiseMultiple(spread.count - 1)) };
}

function verdictFor(estimate: number, standardError: number, neutral: number, multiple: number): Verdict {
  if (!Number.isFinite(estimate) || !Number.isFinite(standardError) || !Number.isFinite(multiple)) return "within noise";
  if (estimate - multiple * standardError > neutral) return "holds here";
  if (estimate + multiple * standardError < neutral) return "does not hold here";
  return "within noise";
}
