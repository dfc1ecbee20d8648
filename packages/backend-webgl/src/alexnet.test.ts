/**
 * AlexNet end to end on the gpu.js backend against backend-cpu: the same seeded parameters, the
 * same images, one forward pass and one training step (dropout masks from the same seed), compared
 * output by output and parameter by parameter.
 *
 * Sizes: seed-keras at 67×67 (the smallest input its arithmetic takes: pool5 is 1×1, so fc6 is
 * 256 → 4096), batch 2; paper at its fixed 227×227 (fc6 takes exactly 256×6×6 = 9216 features),
 * batch 1. Everything runs in software here (llvmpipe, SwiftShader), so these are the slow tests.
 *
 * Tolerances, from measurements (see the printed errors): float32 on both sides, but summed in
 * different orders (the CPU uses im2col and blocked GEMM), through 8 layers. Softmax outputs agree
 * within 1e-5 absolute (the probabilities are ~0.1); the loss within 1e-5 relative; parameters
 * after one step within 1e-6 + 1e-4·|parameter change| absolute, i.e. the updates agree to 1e-4.
 */
import { getVariant } from "@alexnet-ts/alexnet";
import { createCpuBackend } from "@alexnet-ts/backend-cpu";
import { createModel, createSgdOptimizer, type Backend, type HostTensor } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { seededValues } from "./test-cases.js";
import { modeStatuses, modeTitle } from "./test-modes.js";

const statuses = (await modeStatuses()).filter((status) => status.mode !== "wasm");

interface RunResult {
  readonly output: Float32Array;
  readonly loss: number;
  readonly before: Map<string, HostTensor>;
  readonly after: Map<string, HostTensor>;
}

const cases = [
  { variant: "seed-keras", inputSize: 67, batch: 2 },
  { variant: "paper", inputSize: 227, batch: 1 },
] as const;

async function runAlexNet(backend: Backend, variant: string, inputSize: number, batch: number): Promise<RunResult> {
  const baseline = backend.liveTensorCount();
  const graph = getVariant(variant).build({ classes: 10, inputSize });
  const model = await createModel(backend, graph, { seed: 7 });
  const images = seededValues(11, batch * 3 * inputSize * inputSize, 0, 1);
  const labels = Int32Array.from({ length: batch }, (_, index) => (index * 3) % 10);
  const before = await model.exportParameters();
  let mark = performance.now();
  const phase = (name: string): void => { console.log(`${backend.name} ${variant} ${name}: ${((performance.now() - mark) / 1000).toFixed(1)} s`); mark = performance.now(); };
  const output = await model.predict(images, batch);
  phase("predict");
  const optimizer = createSgdOptimizer(model, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
  const { loss } = await model.trainStep(images, labels, optimizer, { seed: 5 });
  phase("trainStep");
  const after = await model.exportParameters();
  optimizer.dispose();
  model.dispose();
  expect(backend.liveTensorCount()).toBe(baseline);
  return { output, loss, before, after };
}

for (const status of statuses) {
  describe.skipIf(status.skipReason !== undefined)(`AlexNet on ${modeTitle(status)} against backend-cpu`, () => {
    for (const { variant, inputSize, batch } of cases) {
      it(`${variant} ${inputSize}×${inputSize}, batch ${batch}: forward and one training step agree`, async () => {
        const gpu = await status.provider.create();
        const started = performance.now();
        const actual = await runAlexNet(gpu, variant, inputSize, batch);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        await gpu.close?.();
        const expected = await runAlexNet(createCpuBackend(), variant, inputSize, batch);

        let outputError = 0;
        for (let index = 0; index < expected.output.length; index += 1) outputError = Math.max(outputError, Math.abs(actual.output[index] - expected.output[index]));
        let updateError = 0;
        let worstParameter = "";
        for (const [name, after] of expected.after) {
          const before = expected.before.get(name)!.values;
          const gpuAfter = actual.after.get(name)!.values;
          for (let index = 0; index < after.values.length; index += 1) {
            const change = Math.abs(after.values[index] - before[index]);
            const error = Math.abs(gpuAfter[index] - after.values[index]) / (1e-6 + 1e-4 * change);
            if (error > updateError) [updateError, worstParameter] = [error, name];
          }
        }
        const lossError = Math.abs(actual.loss - expected.loss) / Math.abs(expected.loss);
        console.log(`${status.name} ${variant}: ${seconds} s; output error ${outputError.toExponential(2)}, loss ${actual.loss} vs ${expected.loss} (relative ${lossError.toExponential(2)}), worst update error ${updateError.toFixed(3)} of tolerance (${worstParameter})`);
        expect(outputError).toBeLessThan(1e-5);
        expect(lossError).toBeLessThan(1e-5);
        expect(updateError).toBeLessThan(1);
      }, 900_000);
    }
  });
}
