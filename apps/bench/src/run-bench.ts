import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { VariantOptions } from "@alexnet-ts/alexnet";
import { buildVariant } from "@alexnet-ts/alexnet";
import { BenchChild } from "./child.js";
import { BenchUsageError } from "./errors.js";
import { describeMachine } from "./machine.js";
import { peerNames, type PeerName } from "./protocol.js";
import { summarizeRows, type BenchReport, type BenchRow } from "./report.js";
import { selectWorkloads, type Workload } from "./workloads.js";

/** Where backends are found: the CLI's BackendRegistry fits (provider() throws, one line, for an unknown name). */
export interface BackendCatalog {
  /** Every backend name, for messages. */
  names(): string[];
  provider(name: string): Promise<{ availability(): Promise<{ available: true } | { available: false; reason: string; howToEnable: string }> }>;
}

export interface BenchOptions {
  /** Backend names, in the order the rows list them. */
  readonly backends: readonly string[];
  /** Peers to run beside the backends: each runs on every tfjs engine among the backends. */
  readonly peers?: readonly string[];
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
  /** URL of a module exporting `resolveBackend(name)`: how the children make backends. */
  readonly registryModule: string;
  /** Checks the backends up front (unknown or unavailable: a BenchUsageError before anything runs). */
  readonly catalog: BackendCatalog;
  /** Ctrl-C: stops at once and returns what was measured. */
  readonly signal?: AbortSignal;
  /** One line per finished run, for the terminal. */
  readonly onProgress?: (line: string) => void;
  readonly command?: string;
  /** The child's script (default: this package's built worker.js). */
  readonly workerScript?: string;
}

interface Target {
  readonly label: string;
  readonly backend: string;
  readonly peer?: PeerName;
}

/** The benchmark's plan, checked before any child starts. */
export interface BenchPlan {
  readonly targets: readonly Target[];
  readonly workloads: readonly Workload[];
  readonly graphName: string;
  readonly baseline: string;
}

/** Checks every option and the backends' availability; throws BenchUsageError (one line) on bad input. */
export async function planBench(options: BenchOptions): Promise<BenchPlan> {
  if (options.backends.length === 0) throw new BenchUsageError("--backends needs at least one backend name (see `alexnet backends`)");
  const duplicate = options.backends.find((name, index) => options.backends.indexOf(name) !== index);
  if (duplicate !== undefined) throw new BenchUsageError(`--backends names ${duplicate} twice`);
  for (const name of options.backends) {
    if (!options.catalog.names().includes(name)) {
      throw new BenchUsageError(`unknown backend "${name}"; choose from: ${options.catalog.names().join(", ")} (see \`alexnet backends\`)`);
    }
    let availability;
    try {
      availability = await (await options.catalog.provider(name)).availability();
    } catch (error) {
      throw new BenchUsageError((error as Error).message);
    }
    if (!availability.available) throw new BenchUsageError(`backend "${name}" is not available here: ${availability.reason} (${availability.howToEnable})`);
  }
  const targets: Target[] = options.backends.map((backend) => ({ label: backend, backend }));
  for (const peer of options.peers ?? []) {
    if (!(peerNames as readonly string[]).includes(peer)) throw new BenchUsageError(`unknown peer "${peer}"; choose from: ${peerNames.join(", ")}`);
    if (peer === "onnxruntime") {
      targets.push({ label: peer, backend: "", peer });
      continue;
    }
    const engines = options.backends.filter((name) => name.startsWith("tfjs-"));
    if (engines.length === 0) throw new BenchUsageError(`the ${peer} peer runs on a tfjs engine: add one to --backends (tfjs-cpu, tfjs-wasm, …)`);
    for (const engine of engines) targets.push({ label: `${peer}@${engine}`, backend: engine, peer: peer as PeerName });
  }
  let graph;
  try {
    graph = buildVariant(options.variant, options.variantOptions ?? {});
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const workloads = selectWorkloads(graph, options.workloads, options.batch);
  if (workloads.length === 0) throw new BenchUsageError("--workload selects nothing");
  const baseline = options.baseline ?? targets[0].label;
  if (!targets.some((target) => target.label === baseline)) {
    throw new BenchUsageError(`--baseline ${baseline} is not among the rows; choose one of: ${targets.map((target) => target.label).join(", ")}`);
  }
  for (const pair of options.skip ?? []) {
    const [label, workload] = pair.split(":");
    if (!targets.some((target) => target.label === label) || !workloads.some((candidate) => candidate.id === workload)) {
      throw new BenchUsageError(`--skip ${pair} names no row; write backend:workload, for example ${targets[0].label}:${workloads[0].id}`);
    }
  }
  return { targets, workloads, graphName: graph.name, baseline };
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

/**
 * Runs the benchmark: one child process per target; for each workload, warm-up then `runs`
 * timed runs interleaved round-robin across targets (A B C A B C …) so drift hits all alike.
 * A target that fails keeps its error in its rows and the others go on; an abort stops at once
 * and returns what was measured (report.interrupted).
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const plan = await planBench(options);
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
  const rowOf = new Map<string, BenchRow>();
  for (const workload of plan.workloads) {
    for (const target of plan.targets) {
      const row: BenchRow = { target: target.label, backend: target.backend, ...(target.peer !== undefined && { peer: target.peer }), engine: "", workload, milliseconds: [] };
      if (skipped.has(`${target.label}:${workload.id}`)) {
        row.skipped = true;
        row.error = "skipped (--skip)";
      } else if (target.peer !== undefined && workload.kind === "op") {
        row.skipped = true;
        row.error = "op-level workloads run on backends only";
      }
      report.rows.push(row);
      rowOf.set(`${target.label}\n${workload.id}`, row);
    }
  }
  const progress = options.onProgress ?? (() => undefined);
  const script = options.workerScript ?? defaultWorkerScript();
  if (!existsSync(script)) throw new Error(`the benchmark worker ${script} is missing: build @alexnet-ts/bench first (npx turbo run build --filter=@alexnet-ts/bench)`);
  const environment = childEnvironment();
  const children = new Map<string, BenchChild>();
  const failed = new Map<string, string>();
  const onAbort = (): void => {
    report.interrupted = true;
    for (const child of children.values()) child.kill();
  };
  options.signal?.addEventListener("abort", onAbort);
  try {
    for (const target of plan.targets) {
      if (options.signal?.aborted) break;
      const child = new BenchChild(script, environment);
      children.set(target.label, child);
      try {
        const answer = await child.request({
          type: "setup",
          registryModule: options.registryModule,
          backend: target.backend,
          ...(target.peer !== undefined && { peer: target.peer }),
          variant: options.variant,
          variantOptions: options.variantOptions ?? {},
          seed: options.seed ?? 1,
        });
        if (answer.type === "error") throw new Error(answer.message);
        if (answer.type === "ready") for (const row of report.rows) if (row.target === target.label) row.engine = answer.engine;
        progress(`${target.label}: ${answer.type === "ready" ? answer.engine : ""}`);
      } catch (error) {
        failed.set(target.label, `could not start: ${(error as Error).message}`);
        progress(`${target.label}: could not start: ${(error as Error).message}`);
      }
    }
    for (const workload of plan.workloads) {
      for (let round = 0; round < options.runs; round++) {
        for (const target of plan.targets) {
          if (options.signal?.aborted) break;
          const row = rowOf.get(`${target.label}\n${workload.id}`)!;
          if (row.skipped === true || row.error !== undefined) continue;
          const targetFailure = failed.get(target.label);
          if (targetFailure !== undefined) {
            row.error = targetFailure;
            continue;
          }
          try {
            const answer = await children.get(target.label)!.request({ type: "run", workload, warmup: round === 0 ? options.warmup : 0, runs: 1 });
            if (answer.type === "error") throw new Error(answer.message);
            if (answer.type === "result") {
              row.milliseconds.push(...answer.milliseconds);
              row.peakRssBytes = answer.peakRssBytes;
              if (answer.deviceBytes !== undefined) row.deviceBytes = answer.deviceBytes;
              row.engine = answer.engine;
              progress(`${target.label} ${workload.id} run ${round + 1}/${options.runs}: ${answer.milliseconds.map((time) => `${time.toFixed(1)} ms`).join(", ")}`);
            }
          } catch (error) {
            if (options.signal?.aborted) break;
            row.error = (error as Error).message;
            const gone = children.get(target.label)!.exited;
            if (gone !== undefined) failed.set(target.label, gone);
            progress(`${target.label} ${workload.id}: failed: ${row.error}`);
          }
        }
      }
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await Promise.all([...children.values()].map((child) => (options.signal?.aborted ? child.kill() : child.stop())));
  }
  for (const row of report.rows) {
    if (report.interrupted && row.error === undefined && row.milliseconds.length < options.runs) {
      row.error = `interrupted after ${row.milliseconds.length} of ${options.runs} runs`;
    }
  }
  summarizeRows(report);
  return report;
}
