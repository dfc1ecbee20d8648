import { describe, expect, it } from "vitest";
import { formatChartSvg } from "./chart-svg.js";
import { formatJson, formatMarkdown, formatTable } from "./format.js";
import { summarizeRows, type BenchReport, type BenchRow } from "./report.js";
import type { Workload } from "./workloads.js";

const training: Workload = { id: "training-step", kind: "model", batch: 4, multiplyAccumulates: 1e9 };
const pool: Workload = { id: "pool1.forward", kind: "op", batch: 4, multiplyAccumulates: 0, layer: "pool1", pass: "forward" };

function row(target: string, workload: Workload, milliseconds: number[], extra: Partial<BenchRow> = {}): BenchRow {
  return { target, backend: target, engine: `${target} engine <v1> & co`, workload, milliseconds, peakRssBytes: 300 * 2 ** 20, ...extra };
}

function report(): BenchReport {
  const made: BenchReport = {
    date: "2026-11-28T16:00:00.000Z",
    machine: { cpuModel: "Test CPU", cores: 2, memoryBytes: 8 * 2 ** 30, node: "v20.0.0", platform: "linux x64", loadAverage: 0.5 },
    command: "alexnet bench --backends a,b",
    variant: "small",
    graphName: "alexnet-small",
    batch: 4,
    runs: 3,
    warmup: 1,
    baseline: "a",
    interrupted: false,
    rows: [
      row("a", training, [30, 10, 20]),
      row("b", training, [5, 5, 40]),
      row("a", pool, [2, 1]),
      row("b", pool, [], { error: "injected failure | with a pipe" }),
    ],
  };
  summarizeRows(made);
  return made;
}

describe("summaries", () => {
  it("takes the median, min and max, images/s and GFLOP/s at the median, and the baseline's median over the row's", () => {
    const [a, b, aPool, bPool] = report().rows;
    expect(a).toMatchObject({ medianMilliseconds: 20, minimumMilliseconds: 10, maximumMilliseconds: 30 });
    // 4 images in 20 ms; 2·1e9 FLOP in 20 ms.
    expect(a.imagesPerSecond).toBeCloseTo(200, 10);
    expect(a.gigaflopsPerSecond).toBeCloseTo(100, 10);
    expect(a.speedRatio).toBe(1);
    expect(b.speedRatio).toBe(4);
    // An even count takes the mean of the middle two; no MACs, no GFLOP/s.
    expect(aPool.medianMilliseconds).toBe(1.5);
    expect(aPool.gigaflopsPerSecond).toBeUndefined();
    expect(bPool.medianMilliseconds).toBeUndefined();
    expect(bPool.speedRatio).toBeUndefined();
  });
});

describe("output formats", () => {
  it("prints a terminal table with a line per row, the failure in its row, and the engines that ran", () => {
    const lines = formatTable(report()).split("\n");
    const header = lines.findIndex((line) => line.startsWith("workload"));
    expect(lines[header]).toMatch(/backend\s+batch\s+median \(min–max\) of 3\s+images\/s\s+GFLOP\/s\s+peak RSS\s+speed vs a/);
    const body = lines.slice(header + 2, header + 6);
    expect(body[0]).toMatch(/^training-step\s+a\s+4\s+20\.0 ms \(10\.0 ms–30\.0 ms\)\s+200\s+100\s+300 MiB\s+1\.00×$/);
    expect(body[1]).toMatch(/4\.00×$/);
    expect(body[3]).toContain("injected failure | with a pipe");
    expect(lines).toContain("b: b engine <v1> & co");
    expect(lines[0]).toContain("Test CPU, 2 cores");
  });

  it("writes a markdown table with the command, one line per row, and pipes escaped", () => {
    const text = formatMarkdown(report());
    expect(text).toContain("```sh\nalexnet bench --backends a,b\n```");
    const tableLines = text.split("\n").filter((line) => line.startsWith("| "));
    expect(tableLines).toHaveLength(2 + 4);
    const columns = (line: string): number => line.split(/(?<!\\)\|/).length - 2;
    for (const line of tableLines) expect(columns(line)).toBe(8);
    expect(text).toContain("injected failure \\| with a pipe");
    expect(text).toContain("measured 2026-11-28 on Test CPU, 2 cores");
  });

  it("writes JSON that reads back to the same report", () => {
    const original = report();
    expect(JSON.parse(formatJson(original))).toEqual(JSON.parse(JSON.stringify(original)));
  });

  it("draws an SVG with one bar per measured row, escaped labels, and the failure text instead of a bar", () => {
    const svg = formatChartSvg(report());
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    const bars = svg.match(/<rect x=/g) ?? [];
    expect(bars).toHaveLength(3);
    expect(svg).toContain("engine &lt;v1&gt; &amp; co");
    expect(svg).not.toContain("<v1>");
    expect(svg).toContain("injected failure | with a pipe");
    // The fastest row of each group spans the whole bar area.
    expect(svg).toMatch(/width="420\.0"/);
  });
});

describe("browser rows", () => {
  function withBrowserRow(): BenchReport {
    const made = report();
    made.rows.push(row("browser:a", training, [40, 40, 40], { backend: "a", browser: "Chromium 156.0.8078.114", peakRssBytes: undefined }));
    summarizeRows(made);
    return made;
  }

  it("name the browser's major version in the table and the whole version in the engine line", () => {
    const lines = formatTable(withBrowserRow()).split("\n");
    expect(lines.find((line) => line.startsWith("training-step  browser:a"))).toMatch(/^training-step\s+browser:a \(Chromium 156\)\s+4\s+40\.0 ms \(40\.0 ms–40\.0 ms\)\s+100\s+50\.0\s+—\s+0\.50×$/);
    expect(lines).toContain("browser:a: browser:a engine <v1> & co (Chromium 156.0.8078.114, headless)");
  });

  it("say how they ran under the markdown table, and carry the browser in JSON and the chart", () => {
    const made = withBrowserRow();
    expect(formatMarkdown(made)).toContain("Browser rows (browser:NAME) run in headless Chromium");
    expect(formatMarkdown(report())).not.toContain("Browser rows");
    expect(JSON.parse(formatJson(made)).rows.at(-1).browser).toBe("Chromium 156.0.8078.114");
    expect(formatChartSvg(made)).toContain(">browser:a (Chromium 156)</text>");
  });
});
