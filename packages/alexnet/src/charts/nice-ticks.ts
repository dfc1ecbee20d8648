/** Axis ticks at round numbers: the axis spans [low, high], with a tick every `step`. */
export interface Ticks {
  readonly low: number;
  readonly high: number;
  readonly step: number;
  readonly values: readonly number[];
  /** Decimals that show every tick exactly (0 for a step of 5, 1 for 0.5, 2 for 0.25). */
  readonly decimals: number;
}

/** Options for `niceTicks`. */
export interface TickOptions {
  /** About how many ticks to aim for (default 5). */
  readonly count?: number;
  /** Whole-number steps only (epochs, steps). */
  readonly integer?: boolean;
}

/**
 * Ticks at 1, 2, 2.5 or 5 times a power of ten that cover [minimum, maximum] (Heckbert's "nice
 * numbers" for graph labels): 0 / 0.5 / 1 / 1.5 / 2 / 2.5, never 0.00 / 0.58 / 1.2. An empty range
 * (one value) is widened around the value so it is not drawn on the frame.
 */
export function niceTicks(minimum: number, maximum: number, options: TickOptions = {}): Ticks {
  const count = Math.max(2, options.count ?? 5);
  let [low, high] = [Math.min(minimum, maximum), Math.max(minimum, maximum)];
  if (!Number.isFinite(low) || !Number.isFinite(high)) [low, high] = [0, 1];
  if (high === low) {
    const half = low === 0 ? 1 : Math.abs(low) * 0.1;
    [low, high] = [low - half, high + half];
  }
  let step = niceStep((high - low) / (count - 1));
  // Whole numbers: 2.5 becomes 2 (3, 6, 9 is not a round sequence); below 1 becomes 1.
  if (options.integer === true) step = step < 1 ? 1 : Math.abs(step - 2.5) < 1e-9 ? 2 : Math.round(step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (isQuarterStep(step) ? 1 : 0));
  const first = Math.floor(low / step + 1e-9) * step;
  const last = Math.ceil(high / step - 1e-9) * step;
  const values: number[] = [];
  for (let index = 0; first + index * step <= last + step * 1e-9; index++) values.push(round(first + index * step, decimals));
  return { low: round(first, decimals), high: round(last, decimals), step, values, decimals };
}

/** The tick's text with the axis's decimals ("0.5", "12", "2.25"). */
export function formatTick(value: number, ticks: Ticks): string {
  return value.toFixed(ticks.decimals);
}

/** The nice number (1, 2, 2.5 or 5 × 10^k) nearest above `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** A 2.5 × 10^k step needs one decimal more than its power of ten. */
function isQuarterStep(step: number): boolean {
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  return Math.abs(step / power - 2.5) < 1e-9;
}

function round(value: number, decimals: number): number {
  const rounded = Number(value.toFixed(decimals));
  return Object.is(rounded, -0) ? 0 : rounded;
}
