/** Mean and sample standard deviation (n − 1) of some numbers; the deviation is 0 for one value and NaN for none. */
export interface Spread {
  readonly mean: number;
  readonly deviation: number;
  readonly count: number;
}

/** The spread of the finite values (NaN and ±Infinity are left out). */
export function spreadOf(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  const count = finite.length;
  if (count === 0) return { mean: Number.NaN, deviation: Number.NaN, count };
  const mean = finite.reduce((sum, value) => sum + value, 0) / count;
  const deviation = count < 2 ? 0 : Math.sqrt(finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1));
  return { mean, deviation, count };
}

/** "12.3 ± 0.4" with this many decimals; "–" when there is no value. */
export function formatSpread(spread: Spread, decimals = 1): string {
  if (!Number.isFinite(spread.mean)) return "–";
  return `${spread.mean.toFixed(decimals)} ± ${spread.deviation.toFixed(decimals)}`;
}
