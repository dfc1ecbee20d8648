import { existsSync } from "node:fs";
import { commitEpoch, commitInterruption } from "./commit.js";
import { trainEpoch, validateEpoch } from "./epoch.js";
import { evaluateDataset } from "./evaluate.js";
import type { TrainOptions, TrainResult } from "./options.js";
import { resumeTrainingState } from "./resume.js";
import { writeRunChart, type WrittenChart } from "./run-chart.js";
import { closeTrainingRun, openTrainingRun, type TrainingRun } from "./run.js";
import { freshTrainingState, type TrainingState } from "./state.js";

export { outputFiles } from "./output-files.js";
export { TrainingDivergedError, type AugmentationSwitches, type DataSamplingOptions, type TrainOptions, type TrainResult } from "./options.js";

/**
 * Trains a model with SGD (momentum, weight decay) as in the paper's section 5, epoch by epoch:
 * seeded shuffling, augmentation, one step per batch, validation, the learning-rate schedule, a
 * checkpoint after every epoch (and the best one by validation loss), a metrics line per epoch,
 * and the chart (SVG and PNG) redrawn after every epoch and on interrupt. The steps, each in its
 * own file: open the run (run.ts), start or resume its state (state.ts, resume.ts), train and
 * validate each epoch (epoch.ts), commit what the epoch produced (commit.ts), draw the chart
 * (run-chart.ts), finish with the test data. This is the one call that runs or resumes a training
 * run in a folder.
 *
 * Saved work: the output folder is locked while the run writes (run-folder.ts, run-lock.ts);
 * each epoch commits atomically through the folder's manifest (run.json), so a kill at any
 * instant leaves the previous epoch's files or this epoch's, complete (docs/training-guarantees.md).
 *
 * Determinism: the data order of epoch e depends only on (seed, e); augmentation draws and each
 * step's dropout seed come from one random stream whose state every checkpoint stores. So a run
 * resumed from any checkpoint takes exactly the steps, and gets exactly the losses, of an
 * uninterrupted run with the same seed and batch size.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const run = await openTrainingRun(options);
  try {
    const state = options.resume ? await resumeTrainingState(run) : await freshTrainingState(run);
    run.optimizer.learningRate = state.schedule.learningRate;
    let learningRateOverride = options.resume ? options.learningRateOverride : undefined;
    while (state.epoch < options.epochs) {
      const epoch = state.epoch;
      const trained = await trainEpoch(run, state, epoch);
      if (trained.interrupted) {
        await commitInterruption(run, state);
        await drawChart(run, state);
        run.reporter.message(`interrupted: saved ${run.paths.checkpoint} at epoch ${epoch + 1}, batch ${state.batch}/${run.batches}; continue with --resume`);
        return interruptedResult(run, state);
      }
      const { metrics, improved } = await validateEpoch(run, state, epoch, learningRateOverride);
      learningRateOverride = undefined;
      await commitEpoch(run, state, metrics, improved, options.faults);
      await drawChart(run, state);
      run.reporter.epochEnd(metrics);
      if (options.signal?.aborted === true && state.epoch < options.epochs) {
        run.reporter.message(`interrupted: saved ${run.paths.checkpoint} after epoch ${state.epoch}; continue with --resume`);
        return interruptedResult(run, state);
      }
    }
    return await finishRun(run, state);
  } finally {
    closeTrainingRun(run);
  }
}

function interruptedResult(run: TrainingRun, state: TrainingState): TrainResult {
  const chartPath = state.history.length > 0 ? run.paths.chart : undefined;
  return { interrupted: true, epochsCompleted: state.epoch, steps: state.step, history: state.history, checkpointPath: run.paths.checkpoint, bestPath: bestPath(run), chartPath, test: undefined };
}

function bestPath(run: TrainingRun): string | undefined {
  return existsSync(run.paths.best) ? run.paths.best : undefined;
}

/** Redraws training.svg and training.png from the epochs so far (nothing before the first); a PNG that fails to render is said and skipped. */
async function drawChart(run: TrainingRun, state: TrainingState): Promise<WrittenChart | undefined> {
  if (state.history.length === 0) return undefined;
  const chart = await writeRunChart(run.options.outFolder, state.history, `${run.options.variant} on ${run.options.dataText}`);
  if (chart.pngError !== undefined) run.reporter.message(`training.png not written: ${chart.pngError}`);
  return chart;
}

/** Draws the chart of all epochs and evaluates the final model on the test data (when the source has any). */
async function finishRun(run: TrainingRun, state: TrainingState): Promise<TrainResult> {
  const { options } = run;
  const chart = await drawChart(run, state);
  const test = options.data.test === undefined ? undefined : await evaluateDataset(run.model, options.data.test, run.pipeline);
  return { interrupted: false, epochsCompleted: options.epochs, steps: state.step, history: state.history, checkpointPath: run.paths.checkpoint, bestPath: bestPath(run), chartPath: chart?.svgPath, chartPngPath: chart?.pngPath, test };
}
