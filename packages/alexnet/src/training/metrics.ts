import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../checkpoint/atomic-write.js";
import { describeFileError } from "../checkpoint/errors.js";
import { outputFiles } from "./output-files.js";
import { committedFiles } from "./run-folder.js";

/** One epoch's numbers, one JSON line each in `metrics.jsonl`. */
export interface EpochMetrics {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Training steps taken so far. */
  readonly step: number;
  readonly learningRate: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly validationLoss: number;
  readonly validationAccuracy: number;
  readonly validationTop5: number;
  /** Seconds the epoch's training steps took (validation excluded). */
  readonly seconds: number;
  readonly imagesPerSecond: number;
  /** Set on the first epoch after a resume with an explicit --lr: the rate it set. */
  readonly learningRateOverride?: number;
}

/**
 * Appends one epoch's line to the metrics log. Not atomic by itself: the run's manifest, written
 * after it, says how many lines are committed (see readRunMetrics).
 */
export function appendMetrics(path: string, metrics: EpochMetrics): void {
  try {
    appendFileSync(path, `${JSON.stringify(metrics)}\n`);
  } catch (error) {
    throw describeFileError(error, "write", path);
  }
}

/** A run folder's committed epochs: the metrics lines its manifest counts (all lines without a manifest). */
export function readRunMetrics(folder: string): EpochMetrics[] {
  const lines = committedFiles(folder).metricsLines;
  const all = readMetrics(join(folder, outputFiles.metrics));
  return lines === undefined ? all : all.slice(0, lines);
}

/** The metrics log's epochs (an absent file is empty). */
export function readMetrics(path: string): EpochMetrics[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as EpochMetrics];
      } catch {
        return []; // A line cut short by a kill (never a committed one).
      }
    });
}

/**
 * Keeps the lines for epochs up to `lastEpoch` (and at most `lines` of them: what the run's
 * manifest committed), dropping any written after the committed state and a line cut short by a
 * kill; the file is rewritten atomically only when something is dropped.
 */
export function truncateMetrics(path: string, lastEpoch: number, lines = Infinity): EpochMetrics[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  const kept: EpochMetrics[] = [];
  for (const line of text.split("\n")) {
    if (kept.length >= lines || line.trim() === "") continue;
    let metrics: EpochMetrics;
    try {
      metrics = JSON.parse(line) as EpochMetrics;
    } catch {
      break; // A line cut short by a kill: nothing after it was committed.
    }
    if (metrics.epoch <= lastEpoch) kept.push(metrics);
  }
  const rewritten = kept.map((metrics) => `${JSON.stringify(metrics)}\n`).join("");
  if (rewritten !== text) writeFileAtomic(path, [Buffer.from(rewritten)]);
  return kept;
}
