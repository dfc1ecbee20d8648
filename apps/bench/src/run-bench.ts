import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { VariantOptions } from "@alexnet-ts/alexnet";
import { buildVariant } from "@alexnet-ts/alexnet";
import { openBrowserTargets } from "./browser-targets.js";
import type { BrowserSession } from "./browser-session.js";
import { BenchChild, type BenchProcess } from "./child.js";
import { BenchUsageError } from "./errors.js";
import { describeMachine } from "./machine.js";
import { peerNames, type PeerName } from "./protocol.js";
import { summarizeRows, type BenchReport, type BenchRow } from "./report.js";
import { environmentFor, labelUnderNode, parseBackendSpecification, resolveNodeRuntimes, type BackendSpecification, type NodeRuntime } from "./targets.js";
import { selectWorkloads, type Workload } from "./workloads.js";

/** Where backends are found: the CLI's BackendRegistry fits (provider() throws, one line, for an unknown name). */
export interface BackendCatalog {
  /** Every backend name, for messages (a registry answers asynchronously). */
  names(): readonly string[] | Promise<readonly string[]>;
  provider(name: string): Promise<{ availability(): Promise<{ available: true } | { available: false; reason: string; howToEnable: string }> }>;
}

export interface BenchOptions {
  /**
   * Backends, in the order the rows list them; each may carry options after `@`
   * (`cpu@threads=1`, `cpu@kernel=simd128`), passed to its child as `ALEXNET_<BACKEND>_<OPTION>`
   * environment variables, so one backend can appear in several configurations.
   */
  readonly backends: readonly string[];
  /** Peers to run beside the backends: each runs on every tfjs engine among the backends. */
  readonly peers?: readonly string[];
  /**
   * Node binaries the children run under (`self`: the Node running this). Given: every target
   * runs once per binary, its label suffixed with that Node's version ("cpu/node-v22.23.5").
   */
  readonly nodes?: readonly string[];
  readonly variant: string;
  readonly variantOptions?: VariantOptions;
  /** Images per run for the throughput, training and op workloads (latency is always 1). */
  readonly batch: number;
  /** `--workload` names: model, ops, a model workload, or a layer name. */
  readonly workloads: readonly string[];
  readonly runs: number;
  readonly warmup: number;
  /** The row label ratios are taken against (default: the first backend). */
  readonly baseline?: string;
  /** "target:workload" pairs left out on purpose, for example "tfjs-cpu:training-step". */
  readonly skip?: readonly string[];
  readonly seed?: number;
  /**
   * Tests only: URL of a module exporting `resolveBackend(name)` that the children make backends
   * with instead of the installed backend packages (@alexnet-ts/registry/node).
   */
  readonly registryModule?: string;
  /** Checks the backends up front (unknown or unavailable: a BenchUsageError before anything runs). */
  readonly catalog: BackendCatalog;
  /** Ctrl-C: stops at once and returns what was measured. */
  readonly signal?: AbortSignal;
  /** One line per finished run, for the terminal. */
  readonly onProgress?: (line: string) => void;
  readonly command?: string;
  /** The child's script (default: this package's built worker.js). */
  readonly workerScript?: string;
  /** Adds `browser:NAME` for every backend the browser offers (headless Chromium), after the backends given. */
  readonly allBrowserBackends?: boolean;
  /** The built web app the browser rows run in (default: the installed package marked as one: apps/web/dist). */
  readonly browserApp?: string;
  /** The Chromium binary for the browser rows (default: ALEXNET_CHROMIUM, else /usr/bin/chromium). */
  readonly chromium?: string;
}

/** One row label's child process: what it makes, with which options, under which Node. */
export interface Target {
  readonly label: string;
  readonly backend: string;
  readonly peer?: PeerName;
  /** Backend options (from `name@option=value`), as environment variables of the child. */
  readonly specification: BackendSpecification;
  /** The Node binary of its child (for a browser target: the Node driving the browser). */
  readonly node: NodeRuntime;
  /** Runs in a page of headless Chromium (`browser:NAME`), not in a Node child. */
  readonly browser?: true;
}

/** The benchmark's plan, checked before any child starts. */
export interface BenchPlan {
  readonly targets: readonly Target[];
  readonly workloads: readonly Workload[];
  readonly graphName: string;
  readonly baseline: string;
  /** The open browser, when there are browser targets (runBench closes it). */
  readonly browser?: BrowserSession;
}

function checkDuplicates(specifications: readonly BackendSpecification[]): void {
  const duplicate = specifications.find((specification, index) => specifications.findIndex((other) => other.label === specification.label) !== index);
  if (duplicate !== undefined) throw new BenchUsageError(`--backends names ${duplicate.label} twice`);
}

async function checkBackends(specifications: readonly BackendSpecification[], catalog: BackendCatalog): Promise<void> {
  const checked = new Set<string>();
  for (const { backend } of specifications) {
    if (checked.has(backend)) continue;
    checked.add(backend);
    const names = await catalog.names();
    if (!names.includes(backend)) {
      throw new BenchUsageError(`unknown backend "${backend}"; choose from: ${names.join(", ")} (see \`alexnet backends\`)`);
    }
    let availability;
    try {
      availability = await (await catalog.provider(backend)).availability();
    } catch (error) {
      throw new BenchUsageError((error as Error).message);
    }
    if (!availability.available) throw new BenchUsageError(`backend "${backend}" is not available here: ${availability.reason} (${availability.howToEnable})`);
  }
}

// Backends first, then peers (onnxruntime alone; the others on each tfjs engine), before Node binaries multiply them.
function targetsOf(specifications: readonly BackendSpecification[], peers: readonly string[]): Omit<Target, "node">[] {
  const targets: Omit<Target, "node">[] = specifications.map((specification) => ({ label: specification.label, backend: specification.backend, specification }));
  for (const peer of peers) {
    if (!(peerNames as readonly string[]).includes(peer)) throw new BenchUsageError(`unknown peer "${peer}"; choose from: ${peerNames.join(", ")}`);
    if (peer === "onnxruntime") {
      targets.push({ label: peer, backend: "", peer, specification: { label: peer, backend: "", options: [] } });
      continue;
    }
    const engines = specifications.filter((specification) => specification.backend.startsWith("tfjs-") && specification.browser !== true);
    if (engines.length === 0) throw new BenchUsageError(`the ${peer} peer runs on a tfjs engine: add one to --backends (tfjs-cpu, tfjs-wasm, …)`);
    for (const engine of engines) targets.push({ label: `${peer}@${engine.label}`, backend: engine.backend, peer: peer as PeerName, specification: engine });
  }
  return targets;
}

function underNodes(targets: readonly Omit<Target, "node">[], nodeEntries: readonly string[] | undefined): Target[] {
  if (nodeEntries === undefined || nodeEntries.length === 0) return targets.map((target) => ({ ...target, node: { path: process.execPath, version: process.version } }));
  const runtimes = resolveNodeRuntimes(nodeEntries);
  return runtimes.flatMap((node) => targets.map((target) => ({ ...target, label: labelUnderNode(target.label, node), node })));
}

function checkSkips(skip: readonly string[], targets: readonly Target[], workloads: readonly Workload[]): void {
  for (const pair of skip) {
    // The last colon: a browser label has one of its own (browser:cpu:training-step).
    const label = pair.slice(0, Math.max(0, pair.lastIndexOf(":")));
    const workload = pair.slice(pair.lastIndexOf(":") + 1);
    if (!targets.some((target) => target.label === label) || !workloads.some((candidate) => candidate.id === workload)) {
      throw new BenchUsageError(`--skip ${pair} names no row; write backend:workload, for example ${targets[0].label}:${workloads[0].id}`);
    }
  }
}

/** The browser targets (the browser opened for them), or none when no browser row is asked for. */
async function browserTargets(specifications: readonly BackendSpecification[], options: BenchOptions): Promise<{ targets: Target[]; session?: BrowserSession }> {
  const named = specifications.filter((specification) => specification.browser === true);
  if (named.length === 0 && options.allBrowserBackends !== true) return { targets: [] };
  const { session, specifications: chosen } = await openBrowserTargets({
    specifications: named,
    all: options.allBrowserBackends === true,
    ...(options.browserApp !== undefined && { app: options.browserApp }),
    ...(options.chromium !== undefined && { chromium: options.chromium }),
  });
  const self = { path: process.execPath, version: process.version };
  return { targets: chosen.map((specification) => ({ label: specification.label, backend: specification.backend, specification, node: self, browser: true })), session };
}

/**
 * Checks every option and the backends' availability; throws BenchUsageError (one line) on bad
 * input. Browser rows are checked last, in the browser itself (its backends); the plan then
 * holds the open browser.
 */
export async function planBench(options: BenchOptions): Promise<BenchPlan> {
  const specifications = options.backends.map(parseBackendSpecification);
  if (specifications.length === 0 && options.allBrowserBackends !== true) throw new BenchUsageError("--backends needs at least one backend name (see `alexnet backends`), or --browser for the browser's");
  const nodeSpecifications = specifications.filter((specification) => specification.browser !== true);
  checkDuplicates(specifications);
  await checkBackends(nodeSpecifications, options.catalog);
  const nodeTargets = underNodes(targetsOf(nodeSpecifications, options.peers ?? []), options.nodes);
  let graph;
  try {
    graph = buildVariant(options.variant, options.variantOptions ?? {});
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const workloads = selectWorkloads(graph, options.workloads, options.batch);
  if (workloads.length === 0) throw new BenchUsageError("--workload selects nothing");
  // Last, since it starts the browser: the browser rows follow the Node rows.
  const browser = await browserTargets(specifications, options);
  try {
    const targets = [...nodeTargets, ...browser.targets];
    const baseline = options.baseline ?? targets[0].label;
    if (!targets.some((target) => target.label === baseline)) {
      throw new BenchUsageError(`--baseline ${baseline} is not among the rows; choose one of: ${targets.map((target) => target.label).join(", ")}`);
    }
    checkSkips(options.skip ?? [], targets, workloads);
    return { targets, workloads, graphName: graph.name, baseline, ...(browser.session !== undefined && { browser: browser.session }) };
  } catch (error) {
    await browser.session?.close();
    throw error;
  }
}

/** The built worker script beside this module, or dist/worker.js when running from source. */
export function defaultWorkerScript(): string {
  const beside = fileURLToPath(new URL("./worker.js", import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL("../dist/worker.js", import.meta.url));
}

/** The children run the built JavaScript; a test runner's variables would make backend discovery pick TypeScript sources. */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  for (const name of Object.keys(environment)) if (name === "VITEST" || name.startsWith("VITEST_") || name === "NODE_OPTIONS") delete environment[name];
  return environment;
}

/** The report with one empty row per (workload, target), skipped rows marked; `rowOf` finds a row by label and workload. */
function emptyReport(options: BenchOptions, plan: BenchPlan): { report: BenchReport; rowOf: (label: string, workload: string) => BenchRow } {
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: describeMachine(),
    ...(options.command !== undefined && { command: options.command }),
    variant: options.variant,
    graphName: plan.graphName,
    batch: options.batch,
    runs: options.runs,
    warmup: options.warmup,
    baseline: plan.baseline,
    interrupted: false,
    rows: [],
  };
  const skipped = new Set(options.skip ?? []);
  const rows = new Map<string, BenchRow>();
  for (const workload of plan.workloads) {
    for (const target of plan.targets) {
      const row: BenchRow = { target: target.label, backend: target.backend, ...(target.peer !== undefined && { peer: target.peer }), engine: "", workload, milliseconds: [] };
      if (skipped.has(`${target.label}:${workload.id}`)) {
        row.skipped = true;
        row.error = "skipped (--skip)";
      } else if (target.peer !== undefined && workload.kind === "op") {
        row.skipped = true;
        row.error = "op-level workloads run on backends only";
      } else if (target.browser === true && workload.kind === "op") {
        row.skipped = true;
        row.error = "op-level workloads run in Node only";
      }
      report.rows.push(row);
      rows.set(`${target.label}\n${workload.id}`, row);
    }
  }
  return { report, rowOf: (label, workload) => rows.get(`${label}\n${workload}`)! };
}

/** The benchmark's child processes, by target label, and why those that failed did. */
interface Children {
  readonly byLabel: Map<string, BenchProcess>;
  readonly failed: Map<string, string>;
}

/** A Node child for a Node target; a page of the open browser for a browser target. */
async function startChild(target: Target, plan: BenchPlan, script: string, environment: NodeJS.ProcessEnv): Promise<BenchProcess> {
  if (target.browser !== true) return new BenchChild(script, environmentFor(target.specification, environment), target.node.path);
  if (plan.browser === undefined) throw new Error("a browser target without an open browser");
  return plan.browser.openTarget();
}

/** Starts one child per target and sets up its backend; a child that cannot start marks its target failed. */
async function startChildren(options: BenchOptions, plan: BenchPlan, report: BenchReport, children: Children): Promise<void> {
  const script = options.workerScript ?? defaultWorkerScript();
  if (plan.targets.some((target) => target.browser !== true) && !existsSync(script)) throw new Error(`the benchmark worker ${script} is missing: build @alexnet-ts/bench first (npx turbo run build --filter=@alexnet-ts/bench)`);
  const progress = options.onProgress ?? (() => undefined);
  const environment = childEnvironment();
  for (const target of plan.targets) {
    if (options.signal?.aborted) break;
    try {
      const child = await startChild(target, plan, script, environment);
      children.byLabel.set(target.label, child);
      const answer = await child.request({
        type: "setup",
        ...(options.registryModule !== undefined && { registryModule: options.registryModule }),
        backend: target.backend,
        ...(target.peer !== undefined && { peer: target.peer }),
        variant: options.variant,
        variantOptions: options.variantOptions ?? {},
        seed: options.seed ?? 1,
      });
      if (answer.type === "error") throw new Error(answer.message);
      if (answer.type === "ready") {
        for (const row of report.rows) {
          if (row.target !== target.label) continue;
          row.engine = answer.engine;
          if (answer.node !== undefined) row.node = answer.node;
          if (answer.browser !== undefined) row.browser = answer.browser;
        }
      }
      progress(`${target.label}: ${answer.type === "ready" ? answer.engine : ""}${answer.type === "ready" && answer.browser !== undefined ? ` (${answer.browser})` : ""}`);
    } catch (error) {
      children.failed.set(target.label, `could not start: ${(error as Error).message}`);
      progress(`${target.label}: could not start: ${(error as Error).message}`);
    }
  }
}

/** One timed run of `workload` on one target (with the warm-up before its first), recorded in its row. */
async function runOnce(options: BenchOptions, target: Target, row: BenchRow, round: number, children: Children): Promise<void> {
  if (row.skipped === true || row.error !== undefined) return;
  const targetFailure = children.failed.get(target.label);
  if (targetFailure !== undefined) {
    row.error = targetFailure;
    return;
  }
  const progress = options.onProgress ?? (() => undefined);
  const child = children.byLabel.get(target.label)!;
  try {
    const answer = await child.request({ type: "run", workload: row.workload, warmup: round === 0 ? options.warmup : 0, runs: 1 });
    if (answer.type === "error") throw new Error(answer.message);
    if (answer.type === "result") {
      row.milliseconds.push(...answer.milliseconds);
      if (answer.peakRssBytes !== undefined) row.peakRssBytes = answer.peakRssBytes;
      if (answer.deviceBytes !== undefined) row.deviceBytes = answer.deviceBytes;
      row.engine = answer.engine;
      progress(`${target.label} ${row.workload.id} run ${round + 1}/${options.runs}: ${answer.milliseconds.map((time) => `${time.toFixed(1)} ms`).join(", ")}`);
    }
  } catch (error) {
    if (options.signal?.aborted) return;
    row.error = (error as Error).message;
    const gone = child.exited;
    if (gone !== undefined) children.failed.set(target.label, gone);
    progress(`${target.label} ${row.workload.id}: failed: ${row.error}`);
  }
}

/** For each workload, `runs` rounds over every target in turn (A B C A B C …), so drift hits all alike. */
async function runInterleaved(options: BenchOptions, plan: BenchPlan, rowOf: (label: string, workload: string) => BenchRow, children: Children): Promise<void> {
  for (const workload of plan.workloads) {
    for (let round = 0; round < options.runs; round++) {
      for (const target of plan.targets) {
        if (options.signal?.aborted) return;
        await runOnce(options, target, rowOf(target.label, workload.id), round, children);
      }
    }
  }
}

/** Marks rows an interrupt cut short, then fills medians and ratios. */
function finishReport(report: BenchReport, runs: number): void {
  for (const row of report.rows) {
    if (report.interrupted && row.error === undefined && row.milliseconds.length < runs) {
      row.error = `interrupted after ${row.milliseconds.length} of ${runs} runs`;
    }
  }
  summarizeRows(report);
}

/**
 * Runs the benchmark: one child process per Node target, one headless Chromium page per browser
 * target; for each workload, warm-up then `runs` timed runs interleaved round-robin across
 * targets (A B C A B C …) so drift hits all alike.
 * A target that fails keeps its error in its rows and the others go on; an abort stops at once
 * and returns what was measured (report.interrupted).
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const plan = await planBench(options);
  const { report, rowOf } = emptyReport(options, plan);
  const children: Children = { byLabel: new Map(), failed: new Map() };
  const onAbort = (): void => {
    report.interrupted = true;
    for (const child of children.byLabel.values()) child.kill();
  };
  options.signal?.addEventListener("abort", onAbort);
  try {
    await startChildren(options, plan, report, children);
    await runInterleaved(options, plan, rowOf, children);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await Promise.all([...children.byLabel.values()].map((child) => (options.signal?.aborted ? child.kill() : child.stop())));
    await plan.browser?.close();
  }
  finishReport(report, options.runs);
  return report;
}
