import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { writeFileAtomic } from "../checkpoint/atomic-write.js";
import { renderPng } from "../charts/png.js";
import { renderTrainingChart } from "./chart.js";
import { readRunMetrics, type EpochMetrics } from "./metrics.js";

/** The chart files of a run folder, beside metrics.jsonl. */
export const chartFiles = { svg: "training.svg", png: "training.png" } as const;

/** What writing a run's chart produced. */
export interface WrittenChart {
  readonly svgPath: string;
  /** Undefined when the PNG could not be rendered (`pngError` says why); the SVG is written regardless. */
  readonly pngPath: string | undefined;
  readonly pngError?: string;
}

/**
 * Writes the run's chart as SVG and PNG, each atomically (a reader never sees half a file, and
 * an interrupt mid-write leaves the previous chart). The trainer calls it after every epoch and
 * on interrupt; `alexnet chart` calls it to redraw from metrics.jsonl.
 */
export async function writeRunChart(folder: string, history: readonly EpochMetrics[], title: string): Promise<WrittenChart> {
  const svg = renderTrainingChart(history, title);
  const svgPath = join(folder, chartFiles.svg);
  writeFileAtomic(svgPath, [Buffer.from(svg)]);
  const pngPath = join(folder, chartFiles.png);
  try {
    writeFileAtomic(pngPath, [await renderPng(svg)]);
    return { svgPath, pngPath };
  } catch (error) {
    return { svgPath, pngPath: undefined, pngError: error instanceof Error ? error.message : String(error) };
  }
}

/** A run folder's chart redrawn from its metrics.jsonl; throws a RangeError with one line when there is nothing to draw. */
export async function redrawRunChart(folder: string, title?: string): Promise<WrittenChart & { readonly epochs: number }> {
  const metricsPath = join(folder, "metrics.jsonl");
  if (!existsSync(metricsPath)) throw new RangeError(`${metricsPath} does not exist; give a folder that \`alexnet train --out\` wrote`);
  const history = readRunMetrics(folder); // Only the epochs the run's manifest committed.
  if (history.length === 0) throw new RangeError(`${metricsPath} has no finished epoch yet; the chart is drawn after the first one`);
  const written = await writeRunChart(folder, history, title ?? runTitle(folder));
  return { ...written, epochs: history.length };
}

/** "small on mnist" from the checkpoint's header (only its first bytes are read), else the folder's name. */
export function runTitle(folder: string): string {
  const metadata = readCheckpointHeader(join(folder, "checkpoint.safetensors"));
  const variant = metadata?.variant;
  const data = (() => {
    try {
      return (JSON.parse(metadata?.training ?? "{}") as { data?: string }).data;
    } catch {
      return undefined;
    }
  })();
  return variant !== undefined && data !== undefined ? `${variant} on ${data}` : basename(resolve(folder));
}

/** The `__metadata__` strings of a safetensors file, reading its header only; undefined when absent or unreadable. */
function readCheckpointHeader(path: string): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  const descriptor = openSync(path, "r");
  try {
    const lengthBytes = Buffer.alloc(8);
    if (readSync(descriptor, lengthBytes, 0, 8, 0) !== 8) return undefined;
    const length = Number(lengthBytes.readBigUInt64LE(0));
    if (length <= 0 || length > 16 * 1024 * 1024) return undefined;
    const header = Buffer.alloc(length);
    readSync(descriptor, header, 0, length, 8);
    return (JSON.parse(header.toString("utf8")) as { __metadata__?: Record<string, string> }).__metadata__;
  } catch {
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}
