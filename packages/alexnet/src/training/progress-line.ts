/** What the in-place progress line shows, most important first. */
export interface ProgressLineFields {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly meanLoss: number;
  readonly accuracy: number;
  readonly imagesPerSecond: number;
  /** Seconds since this run (process) started training. */
  readonly elapsedSeconds: number;
  /** Seconds left in the whole run (all remaining epochs), at the measured speed. */
  readonly runSecondsLeft: number;
}

const widestBar = 30;
const narrowestBar = 8;

/**
 * The progress line, fitted to `columns`: the bar shrinks first, then the least important
 * fields go (img/s, accuracy, loss, elapsed), and whatever is left is cut, so the line never
 * wraps (a wrapped line cannot be redrawn in place). One column is left free, because a
 * terminal that fills its last column may wrap before the next `\r`.
 */
export function formatProgressLine(fields: ProgressLineFields, columns: number): string {
  const width = Math.max(1, Math.floor(columns) - 1);
  const counter = `${fields.batch}/${fields.batches}`;
  const epoch = `epoch ${fields.epoch}/${fields.epochs}`;
  const optional = [
    `ETA ${formatDuration(fields.runSecondsLeft)}`,
    `elapsed ${formatDuration(fields.elapsedSeconds)}`,
    `loss ${fields.meanLoss.toFixed(4)}`,
    `acc ${(100 * fields.accuracy).toFixed(2)}%`,
    `${fields.imagesPerSecond.toFixed(1)} img/s`,
  ];
  // Fields in display order; `optional` above is in the order they are kept.
  const order = [2, 3, 4, 1, 0];
  for (let kept = optional.length; kept >= 0; kept--) {
    const shown = order.filter((index) => index < kept).map((index) => optional[index]);
    const text = [epoch, counter, ...shown].join("  ");
    const barWidth = Math.min(widestBar, width - text.length - 1);
    if (barWidth >= narrowestBar) return `${bar(fields.batch / fields.batches, barWidth)} ${text}`;
  }
  return `${epoch}  ${counter}  ${optional[0]}`.slice(0, width);
}

function bar(fraction: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

/** "1h02m", "4m05s", "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}
