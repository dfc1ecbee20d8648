import { checkModelMemory, memoryLimit, prepareOutputFile } from "@alexnet-ts/alexnet";
import { BenchUsageError, formatChartSvg, formatJson, formatMarkdown, formatTable, runBench, workloadGroups, writeFileAtomically, type BenchReport } from "@alexnet-ts/bench";
import { Option, type Command } from "commander";
import { installedBackendRegistry } from "@alexnet-ts/registry/node";
import { UsageError } from "../errors.js";
import { wholeNumber } from "../parse.js";
import { addVariantOptions, buildFromFlags, variantOptionsFromFlags, type VariantFlags } from "../variant-options.js";
import type { CommandContext } from "./context.js";

interface BenchFlags extends VariantFlags {
  readonly backends?: string;
  readonly browser?: boolean;
  readonly browserApp?: string;
  readonly batch: number;
  readonly workload: string;
  readonly runs: number;
  readonly warmup: number;
  readonly baseline?: string;
  readonly peers?: string;
  readonly node?: string;
  readonly skip?: string;
  readonly seed: number;
  readonly json?: string;
  readonly markdown?: string;
  readonly chart?: string;
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** The command's options, in the order `--help` lists them. */
function benchOptions(): Option[] {
  return [
    new Option("--backends <names>", "(required unless --browser) comma-separated backends, for example cpu,tfjs-wasm (see `alexnet backends`); options after @ run one backend in several configurations: cpu,cpu@threads=1,cpu@kernel=simd128; browser:NAME runs NAME in headless Chromium: cpu,browser:cpu"),
    new Option("--browser", "also run every backend headless Chromium offers (rows browser:NAME; Debian's chromium or ALEXNET_CHROMIUM, playwright-core, the built web app)"),
    new Option("--browser-app <folder>", "the built web app the browser rows run in (default: apps/web/dist, from npx turbo run build --filter=@alexnet-ts/web)"),
    new Option("--batch <n>", "images per run for throughput, training and op workloads (latency always uses 1)").default(32).argParser(wholeNumber("--batch", 1)),
    new Option("--workload <names>", `comma-separated: ${workloadGroups.join(", ")}, or layer names (conv1, pool1, fc6, …)`).default("model"),
    new Option("--runs <n>", "timed runs per backend and workload").default(3).argParser(wholeNumber("--runs", 1)),
    new Option("--warmup <n>", "untimed runs before the first timed run").default(1).argParser(wholeNumber("--warmup", 0)),
    new Option("--baseline <name>", "the row ratios are taken against (default: the first backend)"),
    new Option("--peers <names>", "peers beside the backends: tfjs-layers (on each tfjs engine given), onnxruntime (onnxruntime-node, where installed; inference only)"),
    new Option("--node <paths>", "comma-separated Node binaries to run the backends under, self for this one (rows labelled cpu/node-v22.…), for example self,/path/to/node22"),
    new Option("--skip <pairs>", "comma-separated backend:workload rows to leave out, for example tfjs-cpu:training-step"),
    new Option("--seed <n>", "seed for the weights and inputs").default(1).argParser(wholeNumber("--seed", 0)),
    new Option("--json <file>", "also write the report as JSON"),
    new Option("--markdown <file>", "also write the table as markdown (for the README)"),
    new Option("--chart <file.svg>", "also write an SVG bar chart of images/s"),
  ];
}

const benchExamples =
  "\nExamples:\n  alexnet bench --backends cpu,tfjs-wasm --variant small --input 32\n" +
  "  alexnet bench --backends cpu,cpu@threads=1 --workload model --runs 5 --json bench.json --markdown bench.md\n" +
  "  alexnet bench --backends cpu --workload conv1,fc6 --batch 8\n" +
  "  alexnet bench --backends cpu,tfjs-wasm --browser --variant small --batch 8\n";

/** The files the report may also be written to: the flag naming each, and its format. */
const outputFiles = [
  { flag: "--json", path: (flags: BenchFlags) => flags.json, format: formatJson },
  { flag: "--markdown", path: (flags: BenchFlags) => flags.markdown, format: formatMarkdown },
  { flag: "--chart", path: (flags: BenchFlags) => flags.chart, format: formatChartSvg },
] as const;

/**
 * `alexnet bench`: the same AlexNet workloads on several backends in one run, each backend in its
 * own child process, runs interleaved across backends; a table, and optionally JSON, markdown and
 * an SVG chart. The work lives in @alexnet-ts/bench; this command supplies the backend registry
 * (the children import this package's backends.js to make their backend).
 */
export function registerBenchCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("bench")
    .description("benchmark model- and op-level workloads across backends (and the tfjs-layers peer, and headless Chromium), interleaved, medians");
  for (const option of benchOptions()) command.addOption(option);
  addVariantOptions(command.addHelpText("after", benchExamples)).action(async (flags: BenchFlags) => {
    checkBenchFlags(flags, context);
    const report = await runBenchUntilInterrupted(flags, context);
    context.io.stdout(formatTable(report));
    for (const output of outputFiles) {
      const path = output.path(flags);
      if (path !== undefined) writeFileAtomically(path, output.format(report));
    }
    if (report.interrupted) {
      // Like `alexnet train`: an interrupted run ends with 130 once its output is flushed.
      await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
      process.exit(130);
    }
  });
}

/** Every usage mistake this command can see, found before any child starts. */
function checkBenchFlags(flags: BenchFlags, context: CommandContext): void {
  if (flags.backends === undefined && flags.browser !== true) throw new UsageError("bench needs --backends (for example --backends cpu,tfjs-wasm; see `alexnet backends`) or --browser");
  if (flags.chart !== undefined && !flags.chart.toLowerCase().endsWith(".svg")) {
    throw new UsageError(`--chart ${flags.chart}: the benchmark's chart is SVG only; give a file ending in .svg`);
  }
  // Every output path is checked (and its folder created) before the benchmark runs, not after.
  for (const output of outputFiles) {
    const path = output.path(flags);
    if (path !== undefined) prepareOutputFile(path, output.flag);
  }
  // Builds the graph once here so a bad variant option, or a model too large for memory at this
  // batch (from the IR's counts; training's gradients and velocities counted), is a usage error
  // before any child starts.
  const { graph } = buildFromFlags(flags);
  checkModelMemory(graph, { batch: flags.batch, training: true, limit: memoryLimit(context.io.env) });
}

/** The benchmark's options, from the flags and the environment. */
function benchRunOptions(flags: BenchFlags, context: CommandContext, signal: AbortSignal): Parameters<typeof runBench>[0] {
  const chromium = context.io.env.ALEXNET_CHROMIUM;
  return {
    backends: list(flags.backends ?? ""),
    ...(flags.browser === true && { allBrowserBackends: true }),
    ...(flags.browserApp !== undefined && { browserApp: flags.browserApp }),
    ...(chromium !== undefined && chromium !== "" && { chromium }),
    peers: list(flags.peers ?? ""),
    ...(flags.node !== undefined && { nodes: list(flags.node) }),
    variant: flags.variant,
    variantOptions: variantOptionsFromFlags(flags),
    batch: flags.batch,
    workloads: list(flags.workload),
    runs: flags.runs,
    warmup: flags.warmup,
    ...(flags.baseline !== undefined && { baseline: flags.baseline }),
    skip: list(flags.skip ?? ""),
    seed: flags.seed,
    catalog: installedBackendRegistry(),
    signal,
    onProgress: (line) => context.io.stderr(`${line}\n`),
    command: `alexnet ${process.argv.slice(2).join(" ")}`,
  };
}

/**
 * Runs the benchmark: the first Ctrl-C stops it and keeps what was measured (the report says it
 * was interrupted), a second quits at once. The bench's usage errors become the CLI's.
 */
async function runBenchUntilInterrupted(flags: BenchFlags, context: CommandContext): Promise<BenchReport> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    context.io.stderr("\ninterrupt: stopping the benchmark; printing what was measured (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  try {
    return await runBench(benchRunOptions(flags, context, controller.signal));
  } catch (error) {
    if (error instanceof BenchUsageError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
