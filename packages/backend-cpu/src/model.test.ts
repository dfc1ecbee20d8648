import { buildVariant } from "@alexnet-ts/alexnet";
import { createReferenceBackend } from "@alexnet-ts/conformance";
import { createModel, createSgdOptimizer, withDefaults, type Backend } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { createCpuBackend } from "./backend.js";
import { expectClose, randomValues } from "./test-helpers.js";

const batch = 2;
const images = randomValues(batch * 28 * 28, 11, 0, 1);
const labels = Int32Array.from([3, 7]);

// Tolerances relative to each tensor's largest value: the cpu backend sums in float32 (gemm
// sums of up to 64·5·5 = 1,600 terms) where the reference sums in float64, ~1e-6 apart per layer;
// through eight layers and back that stays well under 1e-4 (outputs) and 1e-3 (gradients).
const outputTolerance = 1e-4;
const gradientTolerance = 1e-3;

describe.each(["lrn", "batchnorm"] as const)("the small AlexNet (%s) on cpu against the float64 reference backend", (normalization) => {
  const graph = buildVariant("small", { normalization });

  it("forward output and one step's parameter gradients agree", async () => {
    const cpu = createCpuBackend();
    const reference: Backend = withDefaults(createReferenceBackend({ withOverrides: true }));
    const cpuModel = await createModel(cpu, graph, { seed: 5 });
    const referenceModel = await createModel(reference, graph, { seed: 5 });
    expectClose(await cpuModel.predict(images, batch), await referenceModel.predict(images, batch), outputTolerance, "predict");
    const cpuGradients = await cpuModel.gradientsOnHost(images, labels, { seed: 9 });
    const referenceGradients = await referenceModel.gradientsOnHost(images, labels, { seed: 9 });
    expect(cpuGradients.loss).toBeCloseTo(referenceGradients.loss, 4);
    expect([...cpuGradients.gradients.keys()]).toEqual([...referenceGradients.gradients.keys()]);
    for (const [name, gradient] of cpuGradients.gradients) {
      expectClose(gradient.values, referenceGradients.gradients.get(name)!.values, gradientTolerance, name);
    }
    cpuModel.dispose();
    referenceModel.dispose();
    expect(cpu.liveTensorCount()).toBe(0);
  });

  it("training steps on one batch lower its loss and leak nothing", async () => {
    const cpu = createCpuBackend();
    const baseline = cpu.liveTensorCount();
    const model = await createModel(cpu, graph, { seed: 5 });
    const optimizer = createSgdOptimizer(model, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
    const first = await model.evaluate(images, labels, batch);
    for (let step = 0; step < 6; step++) await model.trainStep(images, labels, optimizer, { seed: step });
    const last = await model.evaluate(images, labels, batch);
    expect(last.loss).toBeLessThan(first.loss);
    optimizer.dispose();
    model.dispose();
    expect(cpu.liveTensorCount()).toBe(baseline);
  });
});
