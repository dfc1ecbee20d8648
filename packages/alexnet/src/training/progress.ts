import type { EpochMetrics } from "./metrics.js";
import { formatDuration, formatProgressLine } from "./progress-line.js";

export { formatDuration, formatProgressLine, type ProgressLineFields } from "./progress-line.js";

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

/** Where the console reporter gets the terminal's width and the time (tests pass their own). */
export interface ConsoleReporterOptions {
  /** The terminal's width now (it may change while training); default process.stdout.columns or 80. */
  readonly columns?: () => number;
  /** Milliseconds on a monotonic clock; default performance.now. */
  readonly now?: () => number;
}

/**
 * The CLI's reporter. On a terminal: one progress line redrawn in place (`\r`, clear line),
 * fitted to the terminal's width so it never wraps, with elapsed time and an ETA for the whole
 * run (remaining epochs included, validation time as measured on the last epoch). Otherwise (a
 * pipe, a log file): plain lines, one about every 10% of an epoch.
 */
export function createConsoleReporter(write: (text: string) => void, interactive: boolean, options: ConsoleReporterOptions = {}): TrainingReporter {
  const columns = options.columns ?? ((): number => process.stdout.columns ?? 80);
  const now = options.now ?? ((): number => performance.now());
  const started = now();
  let lastPlainTenth = -1;
  let epochs = 1;
  let epochStarted = started;
  let firstBatch = 0;
  let lastStepAt = started;
  let validationSeconds = 0;
  let lineOpen = false;
  const endLine = (): void => {
    if (lineOpen) write("\n");
    lineOpen = false;
  };
  return {
    message(text) {
      endLine();
      write(`${text}\n`);
    },
    epochStart(epoch, totalEpochs, batches, resumedAt) {
      endLine();
      epochs = totalEpochs;
      firstBatch = resumedAt;
      lastPlainTenth = -1;
      epochStarted = now();
      const resumed = resumedAt > 0 ? ` (resuming at batch ${resumedAt + 1})` : "";
      write(`epoch ${epoch}/${totalEpochs}: ${batches} ${batches === 1 ? "batch" : "batches"}${resumed}\n`);
    },
    step(progress) {
      lastStepAt = now();
      const secondsPerBatch = (lastStepAt - epochStarted) / 1000 / Math.max(1, progress.batch - firstBatch);
      const laterEpochs = epochs - progress.epoch;
      const runSecondsLeft = (progress.batches - progress.batch) * secondsPerBatch + laterEpochs * (progress.batches * secondsPerBatch + validationSeconds) + validationSeconds;
      const fields = { ...progress, epochs, elapsedSeconds: (lastStepAt - started) / 1000, runSecondsLeft };
      if (interactive) {
        write(`\r\x1b[2K${formatProgressLine(fields, columns())}`);
        lineOpen = true;
        return;
      }
      const tenth = Math.floor((10 * progress.batch) / progress.batches);
      if (tenth !== lastPlainTenth || progress.batch === progress.batches) {
        lastPlainTenth = tenth;
        write(
          `  epoch ${progress.epoch} batch ${progress.batch}/${progress.batches}  loss ${progress.meanLoss.toFixed(4)}  acc ${(100 * progress.accuracy).toFixed(2)}%  ` +
            `${progress.imagesPerSecond.toFixed(1)} img/s  elapsed ${formatDuration(fields.elapsedSeconds)}  ETA ${formatDuration(runSecondsLeft)}\n`,
        );
      }
    },
    epochEnd(metrics) {
      endLine();
      validationSeconds = Math.max(0, (now() - lastStepAt) / 1000);
      write(
        `epoch ${metrics.epoch} done: train loss ${metrics.trainLoss.toFixed(4)} acc ${(100 * metrics.trainAccuracy).toFixed(2)}%  ` +
          `validation loss ${metrics.validationLoss.toFixed(4)} top-1 ${(100 * metrics.validationAccuracy).toFixed(2)}% top-5 ${(100 * metrics.validationTop5).toFixed(2)}%  ` +
          `lr ${metrics.learningRate}  ${metrics.seconds.toFixed(0)} s (${metrics.imagesPerSecond.toFixed(1)} img/s)\n`,
      );
    },
  };
}
