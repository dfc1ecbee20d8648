import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../checkpoint/atomic-write.js";
import type { TrainResult } from "../training/options.js";
import { outputFiles } from "../training/output-files.js";
import { formatDuration } from "../training/progress-line.js";
import { manifestFileName } from "../training/run-manifest.js";
import type { Arm, ExperimentDefinition } from "./definitions.js";
import { appendStep, readRunResult, runFiles, runFolder, writeRunResult } from "./run-store.js";

/** One training run of an experiment: an arm at a seed, in its own run folder. */
export interface PlannedRun {
  readonly arm: Arm;
  readonly seed: number;
  readonly folder: string;
}

/** How the experiment trains one run; the CLI gives one built from `alexnet train`'s own steps. */
export interface RunTrainer {
  /**
   * The settings that decide the run's numbers once resolved (variant options with defaults,
   * augmentation as applied to this data, budget, data, seed): equal settings share a folder.
   */
  effectiveSettings(arm: Arm, seed: number): Record<string, unknown>;
  /** A short folder name for the arm's settings ("relu-lrn-overlapping-d0.5-crop"). */
  readableName(arm: Arm): string;
  /** Trains or resumes (when `resume`) the run in `folder`, replacing uncommitted leftovers when not resuming; `onStep` logs every step. */
  train(run: PlannedRun, resume: boolean, onStep: (step: number, loss: number, correct: number, count: number) => void): Promise<TrainResult>;
}

/** Where an experiment lives: its report folder and the shared store of run folders. */
export interface ExperimentLayout {
  readonly reportFolder: string;
  readonly runStore: string;
}

/** The runs of an experiment, seed by seed (every arm at the first seed, then the next), so a partial experiment already compares all arms. */
export function planRuns(definition: ExperimentDefinition, seeds: readonly number[], layout: ExperimentLayout, trainer: RunTrainer): PlannedRun[] {
  return seeds.flatMap((seed) => definition.arms.map((arm) => ({ arm, seed, folder: runFolder(layout.runStore, trainer.readableName(arm), trainer.effectiveSettings(arm, seed), seed) })));
}

/** What running the plan did. */
export interface ExperimentProgress {
  readonly trained: number;
  readonly alreadyDone: number;
  /** True when a run was interrupted (Ctrl-C): the rest waits for the next invocation. */
  readonly interrupted: boolean;
}

/**
 * Runs every planned run that has no result yet: a run folder with a checkpoint resumes where it
 * stopped, a finished one (result.json present) is skipped, so Ctrl-C and the same command again
 * continue the experiment. A run shared with another arm or experiment is trained once.
 */
export async function runPlannedRuns(runs: readonly PlannedRun[], trainer: RunTrainer, announce: (text: string) => void, now: () => number = () => performance.now()): Promise<ExperimentProgress> {
  let trained = 0;
  let alreadyDone = 0;
  const done = new Set<string>();
  const started = now();
  const isDone = (run: PlannedRun): boolean => done.has(run.folder) || readRunResult(run.folder) !== undefined;
  for (const [index, run] of runs.entries()) {
    if (isDone(run)) {
      alreadyDone++;
      continue;
    }
    mkdirSync(run.folder, { recursive: true });
    writeFileAtomic(join(run.folder, runFiles.settings), [Buffer.from(`${JSON.stringify(trainer.effectiveSettings(run.arm, run.seed), null, 2)}\n`)]);
    // A committed state (manifest or checkpoint) is continued; anything else in the folder is what a run killed before its first commit left, and is replaced.
    const resume = existsSync(join(run.folder, manifestFileName)) || existsSync(join(run.folder, outputFiles.checkpoint));
    const left = new Set(runs.slice(index).filter((other) => !isDone(other)).map((other) => other.folder)).size;
    const elapsed = (now() - started) / 1000;
    const timing = trained > 0 ? `; experiment elapsed ${formatDuration(elapsed)}, about ${formatDuration((elapsed / trained) * left)} left` : "";
    announce(`run ${index + 1}/${runs.length}: ${run.arm.name}, seed ${run.seed}${resume ? " (resuming)" : ""} in ${run.folder}${timing}`);
    const result = await trainer.train(run, resume, (step, loss, correct, count) => appendStep(run.folder, { step, loss, correct, count }));
    if (result.interrupted) return { trained, alreadyDone, interrupted: true };
    const last = result.history.at(-1);
    const evaluation = result.test ?? (last === undefined ? undefined : { top1: last.validationAccuracy, top5: last.validationTop5, loss: last.validationLoss, count: Number.NaN });
    writeRunResult(run.folder, {
      top1: evaluation?.top1 ?? Number.NaN,
      top5: evaluation?.top5 ?? Number.NaN,
      loss: evaluation?.loss ?? Number.NaN,
      images: evaluation?.count ?? 0,
      split: result.test === undefined ? "validation" : "test",
    });
    done.add(run.folder);
    trained++;
  }
  return { trained, alreadyDone, interrupted: false };
}
