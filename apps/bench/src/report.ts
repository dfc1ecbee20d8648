import type { MachineInfo } from "./machine.js";
import type { Workload } from "./workloads.js";

/** One backend (or peer) on one workload. */
export interface BenchRow {
  /** The row's label: a backend name, or "tfjs-layers@tfjs-wasm" for a peer on that engine. */
  readonly target: string;
  readonly backend: string;
  readonly peer?: string;
  /** What really ran (the backend's describe()), or "" when it never started. */
  engine: string;
  /** The Node version the row's child ran under, once it started. */
  node?: string;
  /** For a browser row: the browser and its version ("Chromium 156.0.8078.114"), once its page started. */
  browser?: string;
  readonly workload: Workload;
  /** Every timed run, in order (milliseconds). */
  readonly milliseconds: number[];
  medianMilliseconds?: number;
  minimumMilliseconds?: number;
  maximumMilliseconds?: number;
  /** Images per second at the median time. */
  imagesPerSecond?: number;
  /** 2 FLOP per multiply-accumulate, over the median time; undefined for layers without MACs. */
  gigaflopsPerSecond?: number;
  /** Peak resident set size of the row's child process when the row's last run ended. */
  peakRssBytes?: number;
  /** Bytes on the device, where the engine reports it. */
  deviceBytes?: number;
  /** The baseline's median time over this row's: above 1 is faster than the baseline. */
  speedRatio?: number;
  /** Why the row has no (or fewer) runs: the backend failed, or the run was interrupted. */
  error?: string;
  /** Set when the row was left out on purpose (--skip). */
  skipped?: boolean;
}

/** Everything one benchmark invocation measured. */
export interface BenchReport {
  /** ISO date and time the run started. */
  readonly date: string;
  readonly machine: MachineInfo;
  /** The command line, when the caller knows it. */
  readonly command?: string;
  readonly variant: string;
  readonly graphName: string;
  readonly batch: number;
  readonly runs: number;
  readonly warmup: number;
  readonly baseline: string;
  /** True when Ctrl-C stopped the run: the rows hold what was measured until then. */
  interrupted: boolean;
  readonly rows: BenchRow[];
}

/** The row's name in tables and charts: its label, and for a browser row the browser's major version ("browser:cpu (Chromium 156)"). */
export function rowName(row: BenchRow): string {
  if (row.browser === undefined) return row.target;
  return `${row.target} (${row.browser.replace(/^(.*?\d+)\..*$/, "$1")})`;
}

/** Fills each row's medians, throughput, GFLOP/s and ratio from its runs. */
export function summarizeRows(report: BenchReport): void {
  for (const row of report.rows) {
    if (row.milliseconds.length === 0) continue;
    const sorted = [...row.milliseconds].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const medianTime = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    row.medianMilliseconds = medianTime;
    row.minimumMilliseconds = sorted[0];
    row.maximumMilliseconds = sorted.at(-1);
    row.imagesPerSecond = (row.workload.batch * 1000) / medianTime;
    row.gigaflopsPerSecond = row.workload.multiplyAccumulates > 0 ? (2 * row.workload.multiplyAccumulates) / (medianTime * 1e6) : undefined;
  }
  for (const row of report.rows) {
    const baseline = report.rows.find((candidate) => candidate.target === report.baseline && candidate.workload.id === row.workload.id);
    if (baseline?.medianMilliseconds !== undefined && row.medianMilliseconds !== undefined) row.speedRatio = baseline.medianMilliseconds / row.medianMilliseconds;
  }
}
