import { buildVariant } from "@alexnet-ts/alexnet";
import { createModel, createRandom, createSgdOptimizer, type Backend, type Model, type SgdOptimizer } from "@alexnet-ts/engine";
import { elementCount, type Graph } from "@alexnet-ts/ir";
import { useBackend } from "./backend-session.js";
import type { BenchRow, BenchSettings, BenchTargetReply, BenchWorkloadName, ComputeReply, ModelChoice } from "./protocol.js";

/** The paper's optimizer settings (section 5), as `alexnet bench`'s training-step uses them. */
const sgdSettings = { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 };

/** Seeded standard-normal values, the same stream as `alexnet bench`'s inputs for the same seed. */
function randomValues(count: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: count }, () => random.normal());
}

/** Seeded class labels in [0, classes), as `alexnet bench` draws them. */
function randomLabels(count: number, classes: number, seed: number): Int32Array {
  const random = createRandom(seed);
  return Int32Array.from({ length: count }, () => random.integer(classes));
}

/** The backend and model one benchmark target holds between requests, and its prepared workload. */
interface BenchTarget {
  readonly backend: Backend;
  readonly graph: Graph;
  readonly model: Model;
  readonly seed: number;
  optimizer?: SgdOptimizer;
  step: number;
  prepared?: { readonly key: string; readonly run: () => Promise<void> };
}

let target: BenchTarget | undefined;

/** Frees the target's model and optimizer (the backend stays with the session, for reuse). */
function releaseTarget(): void {
  target?.optimizer?.dispose();
  target?.model.dispose();
  target = undefined;
}

/**
 * Makes the backend and model a benchmark target times: weights from `seed`, as the Node rows'
 * children make them (apps/bench's EngineRunner), so both sides time the same model.
 */
export async function setupBenchTarget(backendName: string, choice: ModelChoice, seed: number): Promise<BenchTargetReply> {
  releaseTarget();
  const graph = buildVariant(choice.variant, choice.options);
  const backend = await useBackend(backendName);
  const model = await createModel(backend, graph, { seed });
  target = { backend, graph, model, seed, step: 0 };
  return { kind: "bench-ready", engine: backend.describe() };
}

/**
 * One unit of a workload, as `alexnet bench` runs it in Node: a forward pass of the batch, or a
 * whole SGD step (forward, backward, momentum update) followed by reading one updated parameter
 * back, so engines that queue work (GPU) are timed until the update is done.
 */
function prepare(held: BenchTarget, workload: BenchWorkloadName, batch: number): () => Promise<void> {
  const images = randomValues(batch * elementCount(held.graph.input.shape), held.seed + 1);
  if (workload !== "training-step") return async () => void (await held.model.predict(images, batch));
  held.optimizer ??= createSgdOptimizer(held.model, sgdSettings);
  const optimizer = held.optimizer;
  const labels = randomLabels(batch, held.model.classCount, held.seed + 2);
  const lastParameter = held.model.trainableParameterNames().at(-1)!;
  return async () => {
    held.step += 1;
    await held.model.trainStep(images, labels, optimizer, { seed: held.seed + held.step });
    await held.backend.download(held.model.parameter(lastParameter));
  };
}

/** Times `runs` runs of a workload on the target (after `warmup` untimed ones when the workload is new). */
export async function runBenchTarget(workload: BenchWorkloadName, batch: number, warmup: number, runs: number): Promise<BenchTargetReply> {
  if (target === undefined) throw new Error("bench-run before bench-setup");
  if (!(batch >= 1 && runs >= 1 && warmup >= 0)) throw new Error(`batch and runs must be at least 1 and warmup at least 0, got ${batch}, ${runs}, ${warmup}`);
  const held = target;
  const key = `${workload}\n${batch}`;
  if (held.prepared?.key !== key) {
    held.prepared = { key, run: prepare(held, workload, batch) };
    for (let run = 0; run < warmup; run++) await held.prepared.run();
  }
  const milliseconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await held.prepared.run();
    milliseconds.push(performance.now() - started);
  }
  return { kind: "bench-result", milliseconds, engine: held.backend.describe() };
}

/** Releases the target's model. */
export function stopBenchTarget(): BenchTargetReply {
  releaseTarget();
  return { kind: "bench-stopped" };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The Bench page's workloads, by `alexnet bench`'s names. */
const pageWorkloads = { inference: "inference-throughput", training: "training-step" } as const;

/**
 * The Bench page's run: the model-level workloads on one backend, after warm-up runs; medians of
 * wall-clock milliseconds. The same code as `alexnet bench --browser`'s rows (seed 1, as the
 * CLI's default).
 */
export async function bench(backendName: string, settings: BenchSettings): Promise<ComputeReply> {
  if (!(settings.repeats >= 1 && settings.repeats <= 100)) throw new Error(`repeats must be from 1 to 100, got ${settings.repeats}`);
  await setupBenchTarget(backendName, settings.model, 1);
  const rows: BenchRow[] = [];
  try {
    for (const workload of settings.workloads) {
      const result = await runBenchTarget(pageWorkloads[workload], settings.batch, settings.warmup, settings.repeats);
      if (result.kind !== "bench-result") continue;
      const medianMilliseconds = median(result.milliseconds);
      rows.push({ backend: backendName, engine: result.engine, workload, batch: settings.batch, medianMilliseconds, imagesPerSecond: (settings.batch * 1000) / medianMilliseconds, samples: result.milliseconds });
    }
  } finally {
    releaseTarget();
  }
  return { kind: "bench-rows", rows };
}
