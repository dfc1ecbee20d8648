import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../checkpoint/atomic-write.js";

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
}

/** Appends one epoch's line to the metrics log. */
export function appendMetrics(path: string, metrics: EpochMetrics): void {
  appendFileSync(path, `${JSON.stringify(metrics)}\n`);
}

/** The metrics log's epochs (an absent file is empty). */
export function readMetrics(path: string): EpochMetrics[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as EpochMetrics);
}

/** Drops lines for epochs after `lastEpoch` (written after the checkpoint a run resumes from). */
export function truncateMetrics(path: string, lastEpoch: number): EpochMetrics[] {
  const kept = readMetrics(path).filter((metrics) => metrics.epoch <= lastEpoch);
  if (existsSync(path)) writeFileAtomic(path, [Buffer.from(kept.map((metrics) => `${JSON.stringify(metrics)}\n`).join(""))]);
  return kept;
}
