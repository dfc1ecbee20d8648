import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

describe("alexnet bench: bad input is one line and exit 2, before anything runs", () => {
  const cases: [string, string[], RegExp][] = [
    ["no --backends", ["bench"], /^alexnet: bench needs --backends \(for example --backends cpu,tfjs-wasm; see `alexnet backends`\) or --browser\n$/],
    ["an unknown backend", ["bench", "--backends", "cpu,nope"], /^alexnet: unknown backend "nope"; choose from: cpu, tfjs-cpu/],
    ["zero runs", ["bench", "--backends", "cpu", "--runs", "0"], /^alexnet: --runs must be a whole number of at least 1, but is "0"\n$/],
    ["a PNG chart", ["bench", "--backends", "cpu", "--chart", "out.png"], /^alexnet: --chart out.png: the benchmark's chart is SVG only/],
    ["a model too large for memory", ["bench", "--backends", "cpu", "--variant", "torchvision", "--input", "4000"], /^alexnet: alexnet-torchvision at 3×4000×4000 input, batch 32, would need about .* limit; use a smaller --input or --batch, or raise ALEXNET_MAX_MEMORY$/m],
    ["an unknown workload", ["bench", "--backends", "cpu", "--workload", "conv9"], /^alexnet: unknown workload "conv9"/],
    ["a peer without a tfjs engine", ["bench", "--backends", "cpu", "--peers", "tfjs-layers"], /^alexnet: the tfjs-layers peer runs on a tfjs engine/],
    ["a baseline that is not run", ["bench", "--backends", "cpu", "--baseline", "tfjs-wasm"], /^alexnet: --baseline tfjs-wasm is not among the rows/],
    ["a bad variant option", ["bench", "--backends", "cpu", "--variant", "paper", "--input", "10"], /^alexnet: conv1 needs an input of at least/],
    ["a malformed backend option", ["bench", "--backends", "cpu@threads"], /^alexnet: --backends cpu@threads: "threads" is not an option; write backend@name=value/],
    ["a --node that is not a Node binary", ["bench", "--backends", "cpu", "--node", "/nonexistent/node"], /^alexnet: --node \/nonexistent\/node is not a Node binary that runs here/],
    ["a browser entry with options", ["bench", "--backends", "browser:cpu@threads=1"], /^alexnet: --backends browser:cpu@threads=1: write browser:NAME with a backend name the browser offers/],
    ["a --browser-app that is not a built web app", ["bench", "--backends", "cpu,browser:cpu", "--browser-app", "/nonexistent/site"], /^alexnet: --browser-app \/nonexistent\/site has no index\.html: give the folder of the built web app \(npx turbo run build --filter=@alexnet-ts\/web makes apps\/web\/dist\)$/m],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, async () => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    });
  }

  it("refuses browser rows without Chromium, saying what to install", async () => {
    const site = mkdtempSync(join(tmpdir(), "alexnet-site-"));
    writeFileSync(join(site, "index.html"), "<p>a built site</p>");
    try {
      const result = await runCli(["bench", "--browser", "--browser-app", site], { ALEXNET_CHROMIUM: "/nonexistent/chromium" });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("alexnet: no Chromium at /nonexistent/chromium: install Debian's chromium (bash .ci/install-browser.sh) or set ALEXNET_CHROMIUM to a Chromium binary\n");
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });
});

// A real (tiny) run needs the built bin: its children import the registry's JavaScript.
const repositoryRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
const build = spawnSync("npx", ["turbo", "run", "build", "--filter=@alexnet-ts/cli", "--output-logs=errors-only"], { cwd: repositoryRoot, encoding: "utf8", timeout: 300_000 });
const skipReason = build.status !== 0 ? `the build failed (${(build.stderr || build.stdout).trim().split("\n").at(-1)})` : existsSync(bin) ? undefined : "the build left no dist/bin.js";
if (skipReason !== undefined) console.warn(`bench bin test skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)(`alexnet bench, built${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), "alexnet-bench-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("prints the table and writes JSON, markdown and an SVG chart", () => {
    const files = { json: join(folder, "report.json"), markdown: join(folder, "report.md"), chart: join(folder, "chart.svg") };
    const args = ["bench", "--backends", "cpu", "--variant", "small", "--batch", "2", "--runs", "1", "--warmup", "0", "--workload", "inference-latency,pool1"];
    const result = spawnSync(process.execPath, [bin, ...args, "--json", files.json, "--markdown", files.markdown, "--chart", files.chart], { encoding: "utf8", env: withoutTestRunner() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^inference-latency\s+cpu\s+1\s/m);
    expect(result.stdout).toMatch(/^pool1\.backward\s+cpu\s+2\s/m);
    const report = JSON.parse(readFileSync(files.json, "utf8")) as { rows: { workload: { id: string }; milliseconds: number[] }[]; command: string };
    expect(report.rows.map((row) => row.workload.id)).toEqual(["inference-latency", "pool1.forward", "pool1.backward"]);
    expect(report.rows.every((row) => row.milliseconds.length === 1)).toBe(true);
    expect(report.command).toContain("alexnet bench --backends cpu --variant small");
    expect(readFileSync(files.markdown, "utf8")).toMatch(/^\| inference-latency \| cpu \| 1 \| /m);
    expect(readFileSync(files.chart, "utf8")).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
  });
});

// Browser rows need Debian's Chromium (.ci/install-browser.sh) and the built web app (npm test builds it first).
const webApp = join(repositoryRoot, "apps", "web", "dist", "index.html");
const browserSkipReason = skipReason ?? (existsSync("/usr/bin/chromium") ? (existsSync(webApp) ? undefined : `the web app is not built (npx turbo run build --filter=@alexnet-ts/web)`) : "no Chromium at /usr/bin/chromium (bash .ci/install-browser.sh)");
if (browserSkipReason !== undefined) console.warn(`bench browser-row test skipped: ${browserSkipReason}`);

describe.skipIf(browserSkipReason !== undefined)(`alexnet bench with a browser row${browserSkipReason === undefined ? "" : ` (skipped: ${browserSkipReason})`}`, () => {
  const folder = mkdtempSync(join(tmpdir(), "alexnet-bench-browser-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("runs cpu in Node and in headless Chromium, both rows in one table, JSON and chart", () => {
    const files = { json: join(folder, "report.json"), chart: join(folder, "chart.svg") };
    const args = ["bench", "--backends", "cpu,browser:cpu", "--variant", "small", "--batch", "2", "--runs", "1", "--warmup", "0", "--workload", "inference-latency,training-step,pool1"];
    const result = spawnSync(process.execPath, [bin, ...args, "--json", files.json, "--chart", files.chart], { encoding: "utf8", env: withoutTestRunner(), timeout: 240_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^inference-latency\s+cpu\s+1\s/m);
    expect(result.stdout).toMatch(/^inference-latency\s+browser:cpu \(Chromium \d+\)\s+1\s/m);
    expect(result.stdout).toMatch(/^training-step\s+browser:cpu \(Chromium \d+\)\s+2\s/m);
    expect(result.stdout).toMatch(/^browser:cpu: TypeScript kernels.* \(Chromium \d+\.\d+\.\d+\.\d+, headless\)$/m);
    const report = JSON.parse(readFileSync(files.json, "utf8")) as { rows: { target: string; browser?: string; engine: string; workload: { id: string }; milliseconds: number[]; error?: string }[] };
    const browserRows = report.rows.filter((row) => row.target === "browser:cpu");
    expect(browserRows.map((row) => row.workload.id)).toEqual(["inference-latency", "training-step", "pool1.forward", "pool1.backward"]);
    for (const row of browserRows) {
      expect(row.browser).toMatch(/^Chromium \d+\.\d+\.\d+\.\d+$/);
      // The engine the page really ran: the cpu backend's describe(), in the browser.
      expect(row.engine).toMatch(/^TypeScript kernels/);
    }
    expect(browserRows.slice(0, 2).map((row) => row.milliseconds.length)).toEqual([1, 1]);
    expect(browserRows.slice(0, 2).every((row) => row.milliseconds[0] > 0)).toBe(true);
    expect(browserRows[2].error).toBe("op-level workloads run in Node only");
    expect(report.rows.filter((row) => row.target === "cpu").every((row) => row.milliseconds.length === 1)).toBe(true);
    expect(readFileSync(files.chart, "utf8")).toContain(">browser:cpu (Chromium ");
  });
});

/** The environment without vitest's variables, which would make backend discovery load TypeScript sources. */
function withoutTestRunner(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "VITEST" && !name.startsWith("VITEST_")));
}
