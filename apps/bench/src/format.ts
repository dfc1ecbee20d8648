import { rowName, type BenchReport, type BenchRow } from "./report.js";

/** "12.3 ms" / "1.52 s", three significant figures. */
export function formatDuration(milliseconds: number): string {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toPrecision(3)} s` : `${milliseconds.toPrecision(3)} ms`;
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return "—";
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return "—";
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toPrecision(2);
}

/** The columns both tables share, one array of cells per row. */
function cells(report: BenchReport, row: BenchRow): string[] {
  const time =
    row.medianMilliseconds === undefined
      ? row.error ?? "—"
      : `${formatDuration(row.medianMilliseconds)} (${formatDuration(row.minimumMilliseconds!)}–${formatDuration(row.maximumMilliseconds!)})${row.error === undefined ? "" : ` [${row.error}]`}`;
  return [
    row.workload.id,
    rowName(row),
    String(row.workload.batch),
    time,
    formatNumber(row.imagesPerSecond),
    formatNumber(row.gigaflopsPerSecond),
    formatBytes(row.peakRssBytes) + (row.deviceBytes === undefined ? "" : ` (tensors ${formatBytes(row.deviceBytes)})`),
    row.speedRatio === undefined ? "—" : `${row.speedRatio.toFixed(2)}×`,
  ];
}

function headers(report: BenchReport): string[] {
  return ["workload", "backend", "batch", `median (min–max) of ${report.runs}`, "images/s", "GFLOP/s", "peak RSS", `speed vs ${report.baseline}`];
}

/** The engines that really ran, one line per target. */
function engineLines(report: BenchReport): string[] {
  const seen = new Map<string, string>();
  for (const row of report.rows) {
    if (row.engine === "" || seen.has(row.target)) continue;
    // Children under another Node binary (--node) say which; browser rows name the browser.
    if (row.browser !== undefined) seen.set(row.target, `${row.engine} (${row.browser}, headless)`);
    else seen.set(row.target, row.node === undefined || row.node === report.machine.node ? row.engine : `${row.engine} (Node ${row.node.replace(/^v/, "")})`);
  }
  return [...seen].map(([target, engine]) => `${target}: ${engine}`);
}

/** Conventions printed under every table. */
export const conventions =
  "GFLOP/s counts 2 FLOP per multiply-accumulate from the IR; a training step counts 3× the forward MACs; a gradient of a conv or fully connected layer counts as many MACs as its forward pass; layers the IR counts no MACs for (pools, LRN) show —. " +
  "Peak RSS is the child process's peak resident memory so far (one process per backend); tensors: what the engine reports holding (tfjs's tf.memory(), on the device for GPU engines). Speed ratio: baseline median time / row median time (above 1 is faster).";

/** Printed under a table with browser rows. */
export const browserNote =
  "Browser rows (browser:NAME) run in headless Chromium, one long-lived page of the web app's Bench page per backend, each run one request interleaved with the Node children; times are performance.now() around the run in the page's compute worker; a page cannot see its own resident memory (—).";

/** The plain-text table for the terminal. */
export function formatTable(report: BenchReport): string {
  const table = [headers(report), ...report.rows.map((row) => cells(report, row))];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const numeric = new Set([2, 4, 5, 6, 7]);
  const render = (line: string[]): string =>
    line.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join("  ").trimEnd();
  const lines = [
    `${report.graphName} (${report.variant}), batch ${report.batch}, warm-up ${report.warmup}, ${report.runs} timed runs interleaved across backends; ${report.machine.cpuModel}, ${report.machine.cores} cores, load average ${report.machine.loadAverage.toFixed(1)} at start, Node ${report.machine.node.replace(/^v/, "")}`,
    "",
    render(headers(report)),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...table.slice(1).map(render),
    "",
    ...engineLines(report),
  ];
  if (report.interrupted) lines.push("", "interrupted (Ctrl-C): the rows hold what was measured until then");
  return `${lines.join("\n")}\n`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The markdown section for the README: the table, the machine, the command and the conventions. */
export function formatMarkdown(report: BenchReport): string {
  const row = (line: string[]): string => `| ${line.map(escapeMarkdown).join(" | ")} |`;
  const lines = [
    `${report.graphName} (\`${report.variant}\`), measured ${report.date.slice(0, 10)} on ${report.machine.cpuModel}, ${report.machine.cores} cores (load average ${report.machine.loadAverage.toFixed(1)} at start), ${formatBytes(report.machine.memoryBytes)}, Node ${report.machine.node.replace(/^v/, "")} (${report.machine.platform}); warm-up ${report.warmup}, median (min–max) of ${report.runs} timed runs interleaved across backends.`,
    "",
  ];
  if (report.command !== undefined) lines.push("```sh", report.command, "```", "");
  lines.push(row(headers(report)), row(headers(report).map((_, column) => ([2, 4, 5, 6, 7].includes(column) ? "---:" : "---"))));
  for (const benchRow of report.rows) lines.push(row(cells(report, benchRow)));
  lines.push("", "Engines that really ran:", "", ...engineLines(report).map((line) => `- ${escapeMarkdown(line)}`), "", conventions);
  if (report.rows.some((benchRow) => benchRow.browser !== undefined)) lines.push("", browserNote);
  if (report.interrupted) lines.push("", "**Interrupted (Ctrl-C):** the rows hold what was measured until then.");
  return `${lines.join("\n")}\n`;
}

/** The report as JSON (every run's time included). */
export function formatJson(report: BenchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
