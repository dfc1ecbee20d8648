import { encodeCheckpoint, evaluationInputs, initialSchedule, type CheckpointMetadata, type InputPipeline } from "@alexnet-ts/alexnet";
import { countCorrect, createRandom, type Model, type SgdOptimizer } from "@alexnet-ts/engine";
import { useBackend } from "./backend-session.js";
import { loadMnistSlice, type MnistSlice } from "./mnist-slice.js";
import type { ComputeReply, TrainSettings } from "./protocol.js";
import { momentum, pixels, prepareRun, StepBatches, trainOneStep, weightDecay } from "./training-recipe.js";

/** Test accuracy is measured every this many steps. */
const testEvery = 25;

/** The run in progress: the worker trains one model at a time. */
interface TrainingRun {
  readonly model: Model;
  readonly optimizer: SgdOptimizer;
  readonly settings: TrainSettings;
  readonly pipeline: InputPipeline;
  readonly seed: number;
  step: number;
  state: "running" | "paused" | "stopped";
  resume?: () => void;
}

let run: TrainingRun | undefined;

/**
 * Trains the small variant on the MNIST slice, step after step, reporting each one through
 * `report`, until `steps` are done or it is stopped; between steps it returns to the event loop,
 * so pause, resume, stop and checkpoint requests are answered while it trains.
 */
export async function train(backendName: string, settings: TrainSettings, report: (reply: ComputeReply) => void): Promise<void> {
  if (run !== undefined && run.state !== "stopped") throw new Error("a training run is already going; stop it first");
  if (!(settings.batch >= 1 && settings.batch <= 256 && Number.isInteger(settings.batch))) throw new Error(`batch must be a whole number from 1 to 256, got ${settings.batch}`);
  if (!(settings.learningRate > 0 && settings.learningRate < 10)) throw new Error(`learning rate must be above 0 and below 10, got ${settings.learningRate}`);
  releaseFinishedRun();
  const data = await loadMnistSlice(settings.dataUrl);
  const backend = await useBackend(backendName);
  const prepared = await prepareRun(backend, settings);
  const { model, pipeline } = prepared;
  const current: TrainingRun = { ...prepared, settings, seed: settings.seed, step: 0, state: "running" };
  run = current;
  const trainCount = data.trainLabels.length;
  report({ kind: "train-started", engine: backend.describe(), trainCount, testCount: data.testLabels.length });
  const batches = new StepBatches(data, settings);
  try {
    while (current.state !== "stopped" && (settings.steps === 0 || current.step < settings.steps)) {
      if (current.state === "paused") {
        await new Promise<void>((resolve) => (current.resume = resolve));
        continue;
      }
      const batch = batches.next();
      const started = performance.now();
      const { loss, correct } = await trainOneStep(prepared, settings.seed, current.step, batch);
      const seconds = (performance.now() - started) / 1000;
      current.step++;
      const testDue = current.step % testEvery === 0 || current.step === settings.steps;
      const testAccuracy = testDue && settings.repeatBatch !== true ? await testAccuracyOf(model, data, pipeline) : undefined;
      report({
        kind: "train-progress",
        progress: { step: current.step, epoch: (current.step * settings.batch) / trainCount, loss, accuracy: correct / batch.labels.length, imagesPerSecond: batch.labels.length / seconds, ...(testAccuracy !== undefined && { testAccuracy }) },
      });
      // Let pause, stop and checkpoint requests in.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    // Done, stopped or failed: a new run may start, and the checkpoint can still be downloaded.
    current.state = "stopped";
  }
  report({ kind: "train-state", state: current.state });
}

/** Lets a finished run's model go when a new run starts (its checkpoint could be downloaded until then). */
function releaseFinishedRun(): void {
  const finished = run;
  run = undefined;
  try {
    finished?.optimizer.dispose();
    finished?.model.dispose();
  } catch {
    // Its backend was closed already (another backend was chosen since), and its tensors with it.
  }
}

/** Pauses, resumes or stops the run; returns its state. */
export function controlTraining(action: "pause" | "resume" | "stop"): "running" | "paused" | "stopped" {
  if (run === undefined) throw new Error("no training run: start one first");
  if (action === "pause" && run.state === "running") run.state = "paused";
  if (action === "resume" && run.state === "paused") {
    run.state = "running";
    run.resume?.();
  }
  if (action === "stop") {
    run.state = "stopped";
    run.resume?.();
  }
  return run.state;
}

/** The run's checkpoint, in the CLI's format (`alexnet predict --checkpoint` and `--resume` read it). */
export async function trainingCheckpoint(): Promise<ComputeReply> {
  if (run === undefined) throw new Error("no training run: start one first");
  const { model, optimizer, settings, pipeline } = run;
  const metadata: CheckpointMetadata = {
    variant: "small",
    variantOptions: settings.variantOptions,
    classNames: model.graph.classNames ?? Array.from({ length: 10 }, (_, digit) => String(digit)),
    epoch: 0,
    stepInEpoch: run.step,
    step: run.step,
    randomState: createRandom(settings.seed).state(),
    learningRate: optimizer.learningRate,
    schedule: initialSchedule("plateau", settings.learningRate, 1),
    bestValidationLoss: Infinity,
    training: {
      seed: settings.seed,
      batchSize: settings.batch,
      momentum,
      weightDecay,
      epochs: 1,
      data: `mnist slice in the browser (apps/web)${settings.repeatBatch === true ? ", one batch repeated" : ""}`,
      storedSize: 28,
      geometry: pipeline.geometry,
      normalization: pipeline.normalization,
      augmentation: "none",
      pca: null,
    },
  };
  const chunks = encodeCheckpoint({ parameters: await model.exportParameters(), velocities: await optimizer.exportState(), metadata });
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "checkpoint", bytes, fileName: `alexnet-small-mnist-step${run.step}.safetensors` };
}

async function testAccuracyOf(model: Model, data: MnistSlice, pipeline: InputPipeline): Promise<number> {
  const count = data.testLabels.length;
  const chunk = 50;
  let correct = 0;
  for (let first = 0; first < count; first += chunk) {
    const size = Math.min(chunk, count - first);
    const labels = data.testLabels.subarray(first, first + size);
    const images = data.testImages.subarray(first * pixels, (first + size) * pixels);
    const { logits } = await model.evaluate(evaluationInputs(images, size, pipeline), labels, size);
    correct += countCorrect(logits, labels, model.classCount);
  }
  return correct / count;
}
