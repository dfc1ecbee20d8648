/**
 * Whole-model checks of a tfjs engine: the small AlexNet (LRN and batch-norm forms, grouped
 * convolutions, dropout) against the float64 reference backend, training progress, and tensor
 * leaks counted by tfjs itself (`tf.memory().numTensors`) as well as by our handle count.
 */
import { buildVariant } from "@alexnet-ts/alexnet";
import { createReferenceBackend } from "@alexnet-ts/conformance";
import { createModel, createRandom, createSgdOptimizer, withDefaults, type Backend } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const batch = 2;
const random = createRandom(11);
const images = Float32Array.from({ length: batch * 28 * 28 }, () => random.uniform());
const labels = Int32Array.from([3, 7]);

// Tolerances relative to each tensor's largest magnitude: tfjs sums in float32 (up to 64·5·5 =
// 1,600 terms per output) where the reference sums in float64; through eight layers and back
// that stays under 1e-4 for outputs and 1e-3 for gradients.
const outputTolerance = 1e-4;
const gradientTolerance = 1e-3;

function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = expected.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
  const worst = actual.reduce((largest, value, index) => Math.max(largest, Math.abs(value - expected[index])), 0);
  expect(worst, `${what}: worst error against a scale of ${scale}`).toBeLessThanOrEqual(tolerance * scale + 1e-6);
}

/** How hard the checks work: a software GPU (llvmpipe, SwiftShader) needs fewer steps and more time. */
export interface ModelCheckSettings {
  /** Training steps after the first (default 6). */
  readonly trainingSteps?: number;
  /** Per-test timeout (default 120 s). */
  readonly timeoutMilliseconds?: number;
}

/**
 * Registers the whole-model checks for the engine that `create` starts (one per test file). With a skip reason the block is registered as
 * skipped, the reason in its title and printed, so a run says what it did not check and why.
 */
export function describeModelChecks(engineName: string, create: () => Promise<Backend>, skipReason?: string, settings: ModelCheckSettings = {}): void {
  const trainingSteps = settings.trainingSteps ?? 6;
  const timeout = settings.timeoutMilliseconds ?? 120_000;
  const title = `${engineName}: the small AlexNet`;
  if (skipReason !== undefined) console.log(`skipped: ${title}: ${skipReason}`);
  (skipReason === undefined ? describe : describe.skip)(skipReason === undefined ? title : `${title} — skipped: ${skipReason}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await create();
    });
    afterAll(async () => {
      await backend?.close?.();
    });

    for (const normalization of ["lrn", "batchnorm"] as const) {
      it(`(${normalization}) forward output and one step's parameter gradients agree with the reference`, async () => {
        const graph = buildVariant("small", { normalization });
        const reference: Backend = withDefaults(createReferenceBackend({ withOverrides: true }));
        const model = await createModel(backend, graph, { seed: 5 });
        const referenceModel = await createModel(reference, graph, { seed: 5 });
        expectClose(await model.predict(images, batch), await referenceModel.predict(images, batch), outputTolerance, "predict");
        const gradients = await model.gradientsOnHost(images, labels, { seed: 9 });
        const referenceGradients = await referenceModel.gradientsOnHost(images, labels, { seed: 9 });
        expect(gradients.loss).toBeCloseTo(referenceGradients.loss, 4);
        expect([...gradients.gradients.keys()]).toEqual([...referenceGradients.gradients.keys()]);
        for (const [name, gradient] of gradients.gradients) expectClose(gradient.values, referenceGradients.gradients.get(name)!.values, gradientTolerance, name);
        model.dispose();
        referenceModel.dispose();
      }, timeout);
    }

    it("training steps lower the loss of a batch, and neither a forward pass nor a step leaves a tfjs tensor behind", async () => {
      const graph = buildVariant("small", { normalization: "lrn" });
      const tensorsBefore = tf.memory().numTensors;
      const handlesBefore = backend.liveTensorCount();
      const model = await createModel(backend, graph, { seed: 5 });
      const optimizer = createSgdOptimizer(model, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
      const first = await model.evaluate(images, labels, batch);
      // The first step creates the velocities; from then on every pass returns to the same count.
      await model.trainStep(images, labels, optimizer, { seed: 0 });
      const tensorsWithModel = tf.memory().numTensors;
      const handlesWithModel = backend.liveTensorCount();
      await model.predict(images, batch);
      expect(tf.memory().numTensors, "tfjs tensors after a forward pass").toBe(tensorsWithModel);
      for (let step = 1; step <= trainingSteps; step++) {
        await model.trainStep(images, labels, optimizer, { seed: step });
        expect(tf.memory().numTensors, `tfjs tensors after training step ${step}`).toBe(tensorsWithModel);
        expect(backend.liveTensorCount(), `handles after training step ${step}`).toBe(handlesWithModel);
      }
      const last = await model.evaluate(images, labels, batch);
      expect(last.loss).toBeLessThan(first.loss);
      optimizer.dispose();
      model.dispose();
      expect(backend.liveTensorCount()).toBe(handlesBefore);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    }, timeout);
  });
}
