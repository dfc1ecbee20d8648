import { buildVariant } from "@alexnet-ts/alexnet";
import { createModel, createRandom, createSgdOptimizer } from "@alexnet-ts/engine";
import { elementCount } from "@alexnet-ts/ir";
import { useBackend } from "./backend-session.js";
import type { BenchRow, BenchSettings, ComputeReply } from "./protocol.js";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The benchmark's model-level workloads in this browser: a forward pass (inference) and a whole
 * SGD step (training) of the chosen model on one backend, after warm-up runs; medians of
 * wall-clock milliseconds, as `alexnet bench` reports them. A GPU engine is waited for by
 * reading its result back, so the time is the work's, not its queueing's.
 */
export async function bench(backendName: string, settings: BenchSettings): Promise<ComputeReply> {
  if (!(settings.repeats >= 1 && settings.repeats <= 100)) throw new Error(`repeats must be from 1 to 100, got ${settings.repeats}`);
  const graph = buildVariant(settings.model.variant, settings.model.options);
  const backend = await useBackend(backendName);
  const model = await createModel(backend, graph, { seed: 1 });
  const optimizer = createSgdOptimizer(model, { learningRate: 1e-3, momentum: 0.9, weightDecay: 5e-4 });
  const random = createRandom(7);
  const images = Float32Array.from({ length: settings.batch * elementCount(graph.input.shape) }, () => random.normal());
  const labels = Int32Array.from({ length: settings.batch }, (_, index) => index % model.classCount);
  const rows: BenchRow[] = [];
  try {
    for (const workload of settings.workloads) {
      const once = async (): Promise<number> => {
        const started = performance.now();
        if (workload === "inference") await model.predict(images, settings.batch);
        else await model.trainStep(images, labels, optimizer, { seed: 3 });
        return performance.now() - started;
      };
      for (let run = 0; run < settings.warmup; run++) await once();
      const samples: number[] = [];
      for (let run = 0; run < settings.repeats; run++) samples.push(await once());
      const medianMilliseconds = median(samples);
      rows.push({ backend: backendName, engine: backend.describe(), workload, batch: settings.batch, medianMilliseconds, imagesPerSecond: (settings.batch * 1000) / medianMilliseconds, samples });
    }
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  return { kind: "bench-rows", rows };
}
