import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../checkpoint/atomic-write.js";

/** The files an experiment adds to an ordinary training run folder. */
export const runFiles = { steps: "steps.jsonl", result: "result.json", settings: "settings.json" } as const;

/** One training step as the step log keeps it (training error per step, for time-to-threshold). */
export interface StepRecord {
  readonly step: number;
  readonly loss: number;
  readonly correct: number;
  readonly count: number;
}

/** What a finished run leaves for the summary: its test figures (validation when the data has no test part). */
export interface RunResult {
  readonly top1: number;
  readonly top5: number;
  readonly loss: number;
  readonly images: number;
  /** "test" or "validation". */
  readonly split: string;
}

/**
 * The folder of a run with these settings: `<store>/<readable name>-<hash>/seed-<n>`. Arms of
 * different experiments with the same effective settings (the baseline appears in each) share
 * one folder, so the baseline is trained once per seed.
 */
export function runFolder(store: string, readableName: string, settings: Readonly<Record<string, unknown>>, seed: number): string {
  // The seed names the sub-folder; the arm folder holds all seeds of the same settings.
  const withoutSeed = Object.fromEntries(Object.entries(settings).filter(([key]) => key !== "seed"));
  const hash = createHash("sha256").update(stableJson(withoutSeed)).digest("hex").slice(0, 10);
  return join(store, `${readableName}-${hash}`, `seed-${seed}`);
}

/** JSON with keys sorted, so equal settings give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Appends one step to the run's step log. */
export function appendStep(folder: string, record: StepRecord): void {
  appendFileSync(join(folder, runFiles.steps), `${JSON.stringify(record)}\n`);
}

/**
 * The step log in step order. A run killed between checkpoints logs steps again when it
 * resumes; training is deterministic, so the repeated lines are equal and the last one is kept.
 */
export function readSteps(folder: string): StepRecord[] {
  const path = join(folder, runFiles.steps);
  if (!existsSync(path)) return [];
  const byStep = new Map<number, StepRecord>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const record = JSON.parse(line) as StepRecord;
      byStep.set(record.step, record);
    } catch {
      // A line cut short by a kill is skipped; the step is logged again on resume.
    }
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** Writes the finished run's result (atomically: its presence means the run is done). */
export function writeRunResult(folder: string, result: RunResult): void {
  writeFileAtomic(join(folder, runFiles.result), [Buffer.from(`${JSON.stringify(result, null, 2)}\n`)]);
}

/** The run's result, or undefined while it is not finished. */
export function readRunResult(folder: string): RunResult | undefined {
  const path = join(folder, runFiles.result);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunResult) : undefined;
}
