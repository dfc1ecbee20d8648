import { buildVariant, cropGeometry, evaluationInputs, type InputPipeline, type Normalization } from "@alexnet-ts/alexnet";
import { createModel, createRandom, createSgdOptimizer, type Backend, type Model, type SgdOptimizer } from "@alexnet-ts/engine";
import type { MnistSlice } from "./mnist-slice.js";
import type { TrainSettings } from "./protocol.js";

/** Pixels of one digit (28×28, one channel). */
export const pixels = 28 * 28;
/** MNIST's training-set mean and standard deviation (what mnistNormalization() computes from the official files). */
const mnistNormalization: Normalization = { mean: [0.1307], standardDeviation: [0.3081] };
/** The paper's momentum and weight decay (section 5). */
export const momentum = 0.9;
export const weightDecay = 5e-4;

/** A run's model, optimizer and input pipeline. */
export interface PreparedRun {
  readonly model: Model;
  readonly optimizer: SgdOptimizer;
  readonly pipeline: InputPipeline;
}

/**
 * The small variant on `backend`, weights from the run's seed, with its SGD optimizer and centre
 * crops: what the Train page starts from, and what its browser test re-runs on Node's cpu.
 */
export async function prepareRun(backend: Backend, settings: TrainSettings): Promise<PreparedRun> {
  const graph = buildVariant("small", settings.variantOptions);
  const model = await createModel(backend, graph, { seed: settings.seed });
  const optimizer = createSgdOptimizer(model, { learningRate: settings.learningRate, momentum, weightDecay });
  return { model, optimizer, pipeline: { channels: 1, geometry: cropGeometry(28, graph.input.shape[1]), normalization: mnistNormalization } };
}

/**
 * The digits of each step: the training digits shuffled (from the run's seed) once per epoch and
 * taken a batch at a time; with `repeatBatch`, the first batch again and again.
 */
export class StepBatches {
  private readonly order: number[];
  private readonly random;
  private position: number;

  constructor(
    private readonly data: MnistSlice,
    private readonly settings: Pick<TrainSettings, "batch" | "seed" | "repeatBatch">,
  ) {
    this.order = Array.from({ length: data.trainLabels.length }, (_, index) => index);
    this.random = createRandom(settings.seed);
    this.position = this.order.length;
  }

  next(): { images: Float32Array; labels: Int32Array } {
    const { batch } = this.settings;
    if (this.position + batch > this.order.length) {
      shuffle(this.order, this.random);
      this.position = 0;
    }
    const indices = this.order.slice(this.position, this.position + batch);
    if (this.settings.repeatBatch !== true) this.position += batch;
    const images = new Float32Array(indices.length * pixels);
    const labels = new Int32Array(indices.length);
    indices.forEach((index, position) => {
      images.set(this.data.trainImages.subarray(index * pixels, (index + 1) * pixels), position * pixels);
      labels[position] = this.data.trainLabels[index];
    });
    return { images, labels };
  }
}

/** One SGD step on a batch (step counts from 0): the dropout masks come from the run's seed and the step, as in the CLI. */
export function trainOneStep(run: PreparedRun, seed: number, step: number, batch: { images: Float32Array; labels: Int32Array }): Promise<{ loss: number; correct: number }> {
  const inputs = evaluationInputs(batch.images, batch.labels.length, run.pipeline);
  return run.model.trainStep(inputs, batch.labels, run.optimizer, { seed: (seed * 100_003 + step) >>> 0 });
}

function shuffle(order: number[], random: { uniform(): number }): void {
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random.uniform() * (index + 1));
    [order[index], order[other]] = [order[other], order[index]];
  }
}
