import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../checkpoint/atomic-write.js";
import { CheckpointError } from "../checkpoint/errors.js";

/** The manifest's file name inside a run folder. */
export const manifestFileName = "run.json";

/**
 * The committed state of a run folder: which files form it. Written last, by rename, after the
 * files it names are complete; so a kill at any instant leaves the previous commit or this one.
 * Paths are relative to the run folder.
 */
export interface RunManifest {
  readonly format: "alexnet-ts-run";
  readonly version: 1;
  /** Whole epochs finished. */
  readonly epoch: number;
  /** Batches finished in the unfinished epoch (non-zero after an interruption). */
  readonly stepInEpoch: number;
  readonly step: number;
  /** The checkpoint to resume from. */
  readonly checkpoint: string;
  /** The checkpoint with the lowest validation loss so far (null before the first epoch ends). */
  readonly best: string | null;
  /** Lines of metrics.jsonl that belong to the committed state (one per finished epoch). */
  readonly metricsLines: number;
}

/** Writes the manifest atomically (the commit point of an epoch). */
export function writeManifest(folder: string, manifest: RunManifest): void {
  writeFileAtomic(join(folder, manifestFileName), [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]);
}

/** The folder's manifest, or undefined when it has none; a broken one is a one-line CheckpointError. */
export function readManifest(folder: string): RunManifest | undefined {
  const path = join(folder, manifestFileName);
  if (!existsSync(path)) return undefined;
  let parsed: Partial<RunManifest>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<RunManifest>;
  } catch {
    throw new CheckpointError(`${path} is not valid JSON; the run folder is damaged (train into a new --out, or pass --overwrite)`);
  }
  const whole = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;
  const relative = (value: unknown): boolean => typeof value === "string" && value !== "" && !value.startsWith("/") && !value.split(/[/\\]/).includes("..");
  if (
    parsed.format !== "alexnet-ts-run" ||
    parsed.version !== 1 ||
    !whole(parsed.epoch) ||
    !whole(parsed.stepInEpoch) ||
    !whole(parsed.step) ||
    !whole(parsed.metricsLines) ||
    !relative(parsed.checkpoint) ||
    !(parsed.best === null || relative(parsed.best))
  ) {
    throw new CheckpointError(`${path} is not a run manifest this version understands; train into a new --out, or pass --overwrite`);
  }
  return parsed as RunManifest;
}
