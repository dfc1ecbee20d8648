import { buildVariant, type VariantName, type VariantOptions } from "@alexnet-ts/variants";
import { createModel, createRandom, createSgdOptimizer, type Backend, type HostTensor, type Model } from "@alexnet-ts/engine";
import { elementCount } from "@alexnet-ts/ir";
import type { CaseGroup, ConformanceCase } from "../case.js";
import { compareValues } from "../compare.js";
import type { ResolvedConformanceOptions, Tolerance } from "../options.js";
import { createReferenceBackend } from "../reference-backend.js";

/**
 * Whole-model tolerance, relative to each tensor's largest magnitude. One op agrees with the
 * reference to ~1e-5 of its scale (float32 sums of a few hundred terms); through about fifteen
 * layers forward and back the errors add up, and a ReLU or max-pool decision can flip where
 * two values lie within float32 rounding of each other, so 2e-3 of the scale is allowed. A wrong
 * kernel (a missing group, a shifted window) is off by the order of the values themselves.
 */
export const modelTolerance: Tolerance = { relative: 2e-3, absolute: 2e-3 };

interface ModelCheck {
  readonly variant: VariantName;
  readonly options: VariantOptions;
  readonly batch: number;
  /** Why this check runs only when ALEXNET_CONFORMANCE_FULL_MODELS=1, if it does. */
  readonly fullModelsOnly?: string;
}

/**
 * Each variant at the smallest input its arithmetic allows (the reference's float64 loops are
 * slow), with 10 classes. paper and seed-torch fix fc6 at 9216 inputs, so they need 227×227.
 */
const checks: readonly ModelCheck[] = [
  { variant: "small", options: { classes: 10 }, batch: 2 },
  { variant: "small", options: { classes: 10, normalization: "batchnorm", activation: "tanh", pooling: "plain", inputSize: 32, inputChannels: 3 }, batch: 2 },
  { variant: "seed-keras", options: { classes: 10, inputSize: 67 }, batch: 1 },
  { variant: "torchvision", options: { classes: 10, inputSize: 63 }, batch: 1 },
  {
    variant: "paper",
    options: { classes: 10 },
    batch: 1,
    fullModelsOnly: "the paper's fixed 9216-feature fc6 needs a 227×227 input: minutes on the float64 reference, so it runs only with ALEXNET_CONFORMANCE_FULL_MODELS=1",
  },
  {
    variant: "seed-torch",
    options: { classes: 10 },
    batch: 1,
    fullModelsOnly: "seed-torch's fixed 9216-feature fc6 needs a 227×227 input: minutes on the float64 reference, so it runs only with ALEXNET_CONFORMANCE_FULL_MODELS=1",
  },
];

/** What the whole-model group reads from the suite's options. */
type ModelGroupOptions = Pick<ResolvedConformanceOptions, "sizes" | "engineTensorCount" | "inferenceModels">;

/**
 * For each AlexNet variant: the inference output and one training step's loss and parameter
 * gradients (dropout on, batch norm in training mode, the same seeds) on the backend agree with
 * the same model run by the engine on the float64 reference backend. At small sizes only the
 * small variant runs whole; the variants in `inferenceModels` run their forward pass only.
 */
export function modelCaseGroup(options: ModelGroupOptions): CaseGroup {
  const cases: ConformanceCase[] = checks.map((check, index) => modelCase(check, index, options));
  cases.push(trainingCase(options.sizes, options.engineTensorCount));
  // Whole models are slow on the float64 reference: each case may take minutes on a loaded machine.
  return { title: "whole-model checks: every AlexNet variant vs the float64 reference backend, and training", cases, timeoutMilliseconds: 900_000 };
}

function modelCase(check: ModelCheck, index: number, options: ModelGroupOptions): ConformanceCase {
  const variantTwice = checks.findIndex((other) => other.variant === check.variant) !== index;
  const id = `model/${check.variant}${variantTwice ? "-ablation" : ""}`;
  const graph = buildVariant(check.variant, check.options);
  const input = `${graph.input.shape.join("×")} input, batch ${check.batch}`;
  const inferenceOnly = options.sizes === "small" && check.variant !== "small";
  const title = inferenceOnly ? `${input}: forward output vs the reference (small sizes: inference only)` : `${input}: forward output and training-step gradients vs the reference`;
  if (process.env.ALEXNET_CONFORMANCE_FULL_MODELS !== "1" && check.fullModelsOnly !== undefined) return { id, title, skipReason: check.fullModelsOnly, run: async () => undefined };
  if (inferenceOnly && !options.inferenceModels.includes(check.variant)) {
    const skipReason = "small-size runs (software GPUs) check only the small variant as a whole model, and the variants named in inferenceModels by their forward pass";
    return { id, title, skipReason, run: async () => undefined };
  }
  return {
    id,
    title,
    async run(context) {
      const reference = createReferenceBackend({ withOverrides: true }) as unknown as Backend;
      const random = createRandom(check.batch * 7919 + graph.nodes.length);
      const images = Float32Array.from({ length: check.batch * elementCount(graph.input.shape) }, () => random.normal());
      const labels = Int32Array.from({ length: check.batch }, (_, index) => (index * 3) % 10);
      const expectedModel = await createModel(reference, graph, { seed: 1 });
      const model = await createModel(context.backend, graph, { seed: 1 });
      try {
        await expectScaledClose(`${id} inference output`, await model.predict(images, check.batch), await expectedModel.predict(images, check.batch));
        if (!inferenceOnly) await expectGradientsClose(id, model, expectedModel, images, labels);
      } finally {
        model.dispose();
        expectedModel.dispose();
      }
    },
  };
}

/** One training step's loss and every parameter gradient (dropout on, batch norm in training mode) agree. */
async function expectGradientsClose(id: string, model: Model, expectedModel: Model, images: Float32Array, labels: Int32Array): Promise<void> {
  const got = await model.gradientsOnHost(images, labels, { seed: 5 });
  const expected = await expectedModel.gradientsOnHost(images, labels, { seed: 5 });
  await expectScaledClose(`${id} training loss`, Float32Array.of(got.loss), Float32Array.of(expected.loss));
  for (const [name, gradient] of expected.gradients) {
    const mine = got.gradients.get(name);
    if (mine === undefined) throw new Error(`${id}: no gradient for ${name}`);
    expectTensorClose(`${id} gradient of ${name}`, mine, gradient);
  }
}

/**
 * Training on one batch of the small variant (LRN, dropout): the loss falls over a few SGD steps,
 * and once the first step has made the optimizer's velocities, neither a forward pass nor a step
 * leaves a tensor behind: not a handle (`liveTensorCount`), nor one of the engine's own tensors
 * (`engineTensorCount`, e.g. tfjs's `tf.memory().numTensors`) when the backend's test gives it.
 */
function trainingCase(sizes: "small" | "full", engineTensorCount: (() => number) | undefined): ConformanceCase {
  const steps = sizes === "small" ? 3 : 6;
  const batch = 2;
  return {
    id: "model/small-training",
    title: `${steps + 1} SGD steps on one batch: the loss falls and no tensor is left behind${engineTensorCount === undefined ? "" : " (handles and the engine's own count)"}`,
    async run(context) {
      const backend = context.backend;
      const graph = buildVariant("small", { normalization: "lrn" });
      const random = createRandom(11);
      const images = Float32Array.from({ length: batch * elementCount(graph.input.shape) }, () => random.uniform());
      const labels = Int32Array.from([3, 7]);
      const counts = (): string => `${backend.liveTensorCount()} handles${engineTensorCount === undefined ? "" : `, ${engineTensorCount()} engine tensors`}`;
      const engineBefore = engineTensorCount?.();
      const model = await createModel(backend, graph, { seed: 5 });
      const optimizer = createSgdOptimizer(model, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
      try {
        const first = await model.evaluate(images, labels, batch);
        await model.trainStep(images, labels, optimizer, { seed: 0 });
        const withModel = counts();
        await model.predict(images, batch);
        if (counts() !== withModel) throw new Error(`model/small-training: a forward pass left tensors behind (${withModel} before, ${counts()} after)`);
        for (let step = 1; step <= steps; step++) {
          await model.trainStep(images, labels, optimizer, { seed: step });
          if (counts() !== withModel) throw new Error(`model/small-training: training step ${step} left tensors behind (${withModel} before, ${counts()} after)`);
        }
        const last = await model.evaluate(images, labels, batch);
        if (!(last.loss < first.loss)) throw new Error(`model/small-training: the loss did not fall over ${steps + 1} steps (${first.loss} → ${last.loss})`);
      } finally {
        optimizer.dispose();
        model.dispose();
      }
      const engineAfter = engineTensorCount?.();
      if (engineAfter !== engineBefore) throw new Error(`model/small-training: ${engineAfter! - engineBefore!} engine tensor(s) left after disposing the model and optimizer`);
    },
  };
}

function expectTensorClose(label: string, got: HostTensor, expected: HostTensor): void {
  const failure = compareScaled(label, got.values, got.shape, expected.values);
  if (failure !== undefined) throw new Error(failure);
}

async function expectScaledClose(label: string, got: Float32Array, expected: Float32Array): Promise<void> {
  const failure = compareScaled(label, got, [got.length], expected);
  if (failure !== undefined) throw new Error(failure);
}

/** Compares after dividing both by the expected tensor's largest magnitude, so the tolerance is relative to the tensor's scale. */
function compareScaled(label: string, got: Float32Array, shape: readonly number[], expected: Float32Array): string | undefined {
  let scale = 0;
  for (const value of expected) scale = Math.max(scale, Math.abs(value));
  if (scale === 0) scale = 1;
  const scaledExpected = { shape: [...shape], data: Float64Array.from(expected, (value) => value / scale) };
  return compareValues(`${label} (scale ${scale.toExponential(2)})`, Float32Array.from(got, (value) => value / scale), shape, scaledExpected, modelTolerance);
}
