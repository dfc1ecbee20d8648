import type { EpochMetrics } from "./metrics.js";

/** What the training loop tells about its progress. */
export interface TrainingReporter {
  /** A one-off message (data summary, skipped images, resuming). */
  message(text: string): void;
  epochStart(epoch: number, epochs: number, batches: number, firstBatch: number): void;
  /** After each step: running means over the epoch so far. */
  step(progress: StepProgress): void;
  epochEnd(metrics: EpochMetrics): void;
}

/** The running numbers of an epoch, after a step. */
export interface StepProgress {
  readonly epoch: number;
  /** Batches done in this epoch (1-based) and the epoch's total. */
  readonly batch: number;
  readonly batches: number;
  /** Loss of this step. */
  readonly loss: number;
  /** Mean loss and accuracy over the epoch so far. */
  readonly meanLoss: number;
  readonly accuracy: number;
  /** Images per second since the epoch (or the resumed part of it) started. */
  readonly imagesPerSecond: number;
  /** Seconds left in the epoch at that speed. */
  readonly secondsLeft: number;
}

/** A reporter that says nothing (tests, library use). */
export const silentReporter: TrainingReporter = { message() {}, epochStart() {}, step() {}, epochEnd() {} };

/**
 * The CLI's reporter. On a terminal: a progress bar redrawn in place (images/s, loss, accuracy,
 * ETA). Otherwise (a pipe, a log file): plain lines, one about every 10% of an epoch.
 */
export function createConsoleReporter(write: (text: string) => void, interactive: boolean): TrainingReporter {
  let lastPlainTenth = -1;
  return {
    message(text) {
      write(`${text}\n`);
    },
    epochStart(epoch, epochs, batches, firstBatch) {
      lastPlainTenth = -1;
      const resumed = firstBatch > 0 ? ` (resuming at batch ${firstBatch + 1})` : "";
      write(`epoch ${epoch}/${epochs}: ${batches} batches${resumed}\n`);
    },
    step(progress) {
      const numbers = `loss ${progress.meanLoss.toFixed(4)}  acc ${(100 * progress.accuracy).toFixed(2)}%  ${progress.imagesPerSecond.toFixed(1)} img/s  ETA ${formatDuration(progress.secondsLeft)}`;
      if (interactive) {
        const width = 30;
        const filled = Math.round((progress.batch / progress.batches) * width);
        const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
        write(`\r\x1b[2K${bar} ${progress.batch}/${progress.batches}  ${numbers}`);
        if (progress.batch === progress.batches) write("\n");
        return;
      }
      const tenth = Math.floor((10 * progress.batch) / progress.batches);
      if (tenth !== lastPlainTenth || progress.batch === progress.batches) {
        lastPlainTenth = tenth;
        write(`  epoch ${progress.epoch} batch ${progress.batch}/${progress.batches}  ${numbers}\n`);
      }
    },
    epochEnd(metrics) {
      write(
        `epoch ${metrics.epoch} done: train loss ${metrics.trainLoss.toFixed(4)} acc ${(100 * metrics.trainAccuracy).toFixed(2)}%  ` +
          `validation loss ${metrics.validationLoss.toFixed(4)} top-1 ${(100 * metrics.validationAccuracy).toFixed(2)}% top-5 ${(100 * metrics.validationTop5).toFixed(2)}%  ` +
          `lr ${metrics.learningRate}  ${metrics.seconds.toFixed(0)} s (${metrics.imagesPerSecond.toFixed(1)} img/s)\n`,
      );
    },
  };
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
