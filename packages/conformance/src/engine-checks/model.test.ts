import { createReferenceBackend } from "../reference-backend.js";
import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import { describe, expect, it } from "vitest";
import type { Backend } from "@alexnet-ts/engine";
import { createModel, NonFiniteLossError } from "@alexnet-ts/engine";
import { createSgdOptimizer } from "@alexnet-ts/engine";
import { createRandom } from "@alexnet-ts/engine";

// The engine is checked on the conformance package's float64 reference backend with every op
// provided, so these tests exercise the engine alone, not any backend's kernels.
const referenceBackend = (): Backend => createReferenceBackend({ withOverrides: true }) as Backend;

/** A tiny network with every op kind AlexNet uses, small enough for finite differences. */
function tinyGraph(options: { normalization: "lrn" | "batchnorm"; dropout: number }): Graph {
  const builder = new GraphBuilder("tiny", [2, 9, 9]);
  builder.conv2d("conv1", { outChannels: 4, kernel: 3, stride: 2, padding: 1 }, { initializers: { weight: { kind: "normal", mean: 0, standardDeviation: 0.3 }, bias: { kind: "constant", value: 0.1 } } });
  builder.relu("relu1");
  if (options.normalization === "lrn") builder.localResponseNorm("lrn1", { size: 3, alpha: 0.1, beta: 0.75, k: 2 });
  else builder.batchNorm2d("bn1");
  builder.maxPool2d("pool1", { kernel: 3, stride: 2 });
  builder.conv2d("conv2", { outChannels: 4, kernel: 1, groups: 2 }, { initializers: { weight: { kind: "normal", mean: 0, standardDeviation: 0.5 } } });
  builder.tanh("tanh2");
  builder.flatten("flatten");
  if (options.dropout > 0) builder.dropout("dropout", options.dropout);
  builder.linear("fc", { outFeatures: 3 }, { initializers: { weight: { kind: "normal", mean: 0, standardDeviation: 0.5 } } });
  builder.softmax("softmax");
  return builder.build();
}

function randomImages(count: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: count }, () => random.normal());
}

const labels = Int32Array.from([0, 2, 1]);
const images = randomImages(3 * 2 * 9 * 9, 7);

describe("Model", () => {
  it("predicts a probability distribution per image and leaks nothing", async () => {
    const backend = referenceBackend();
    const baseline = backend.liveTensorCount();
    const model = await createModel(backend, tinyGraph({ normalization: "lrn", dropout: 0.5 }), { seed: 1 });
    const parameterTensors = backend.liveTensorCount();
    const output = await model.predict(images, 3);
    expect(output).toHaveLength(9);
    for (let row = 0; row < 3; row++) expect(output[row * 3] + output[row * 3 + 1] + output[row * 3 + 2]).toBeCloseTo(1, 5);
    expect(backend.liveTensorCount()).toBe(parameterTensors);
    model.dispose();
    expect(backend.liveTensorCount()).toBe(baseline);
  });

  it("the same seed gives the same parameters; another seed does not", async () => {
    const backend = referenceBackend();
    const graph = tinyGraph({ normalization: "lrn", dropout: 0 });
    const [first, second, other] = await Promise.all([1, 1, 2].map((seed) => createModel(backend, graph, { seed })));
    const weights = async (model: typeof first) => (await model.exportParameters()).get("conv1.weight")!.values;
    expect(await weights(first)).toEqual(await weights(second));
    expect(await weights(first)).not.toEqual(await weights(other));
  });

  for (const normalization of ["lrn", "batchnorm"] as const) {
    it(`gradients match central finite differences of the loss (${normalization}, dropout 0.5)`, async () => {
      const backend = referenceBackend();
      const model = await createModel(backend, tinyGraph({ normalization, dropout: 0.5 }), { seed: 3 });
      const seed = 11;
      const { gradients } = await model.gradientsOnHost(images, labels, { seed });
      const parameters = await model.exportParameters();
      const lossAt = async (name: string, index: number, delta: number): Promise<number> => {
        const changed = parameters.get(name)!;
        const values = Float32Array.from(changed.values);
        values[index] += delta;
        model.replaceParameter(name, backend.upload(values, changed.shape));
        const result = model.computeGradients(images, labels, { seed });
        const loss = (await backend.download(result.loss))[0];
        result.release();
        model.replaceParameter(name, backend.upload(changed.values, changed.shape));
        return loss;
      };
      // Float32 storage between ops limits finite differences: with step 1e-2 the truncation and
      // rounding errors are both near 1e-4 of the gradient's scale, so 2e-3 absolute + 3% relative.
      const step = 1e-2;
      for (const name of model.trainableParameterNames()) {
        const analytic = gradients.get(name)!;
        for (const index of [0, Math.floor(analytic.values.length / 2), analytic.values.length - 1]) {
          const numeric = ((await lossAt(name, index, step)) - (await lossAt(name, index, -step))) / (2 * step);
          expect(Math.abs(analytic.values[index] - numeric), `${name}[${index}] analytic ${analytic.values[index]} numeric ${numeric}`).toBeLessThan(2e-3 + 0.03 * Math.abs(numeric));
        }
      }
      model.dispose();
    });
  }

  it("training steps lower the loss on a repeated batch, update running statistics and leak nothing", async () => {
    const backend = referenceBackend();
    const baseline = backend.liveTensorCount();
    const model = await createModel(backend, tinyGraph({ normalization: "batchnorm", dropout: 0 }), { seed: 5 });
    const optimizer = createSgdOptimizer(model, { learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4 });
    const before = (await model.exportParameters()).get("bn1.running_mean")!.values;
    const first = await model.trainStep(images, labels, optimizer, { seed: 1 });
    let last = first;
    for (let step = 2; step <= 15; step++) last = await model.trainStep(images, labels, optimizer, { seed: step });
    expect(last.loss).toBeLessThan(first.loss * 0.5);
    expect(last.correct).toBe(3);
    expect((await model.exportParameters()).get("bn1.running_mean")!.values).not.toEqual(before);
    optimizer.dispose();
    model.dispose();
    expect(backend.liveTensorCount()).toBe(baseline);
  });

  it("fusing conv/linear with ReLU does not change results", async () => {
    const backend = referenceBackend();
    const graph = tinyGraph({ normalization: "lrn", dropout: 0.5 });
    const fused = await createModel(backend, graph, { seed: 9 });
    const plain = await createModel(backend, graph, { seed: 9, fuseActivations: false });
    const fusedResult = await fused.gradientsOnHost(images, labels, { seed: 4 });
    const plainResult = await plain.gradientsOnHost(images, labels, { seed: 4 });
    expect(fusedResult.loss).toBeCloseTo(plainResult.loss, 6);
    expect(fusedResult.gradients.get("conv1.weight")!.values).toEqual(plainResult.gradients.get("conv1.weight")!.values);
  });

  it("a non-finite loss throws NonFiniteLossError, leaves the parameters exactly as they were and leaks nothing", async () => {
    const backend = referenceBackend();
    const model = await createModel(backend, tinyGraph({ normalization: "lrn", dropout: 0 }), { seed: 2 });
    const optimizer = createSgdOptimizer(model, { learningRate: 0.1, momentum: 0.9, weightDecay: 0 });
    await model.trainStep(images, labels, optimizer, { seed: 1 });
    // A NaN weight in the last layer makes every logit, and so the loss, NaN.
    model.replaceParameter("fc.bias", backend.upload(Float32Array.from([0, Number.NaN, 0]), [3]));
    const baseline = backend.liveTensorCount();
    const kept = await model.exportParameters();
    await expect(model.trainStep(images, labels, optimizer, { seed: 2 })).rejects.toThrow(NonFiniteLossError);
    expect(backend.liveTensorCount()).toBe(baseline);
    const after = await model.exportParameters();
    for (const [name, tensor] of after) expect(tensor.values, name).toEqual(kept.get(name)!.values);
  });

  it("imports exported parameters and refuses a wrong shape naming the tensor", async () => {
    const backend = referenceBackend();
    const source = await createModel(backend, tinyGraph({ normalization: "lrn", dropout: 0 }), { seed: 1 });
    const target = await createModel(backend, tinyGraph({ normalization: "lrn", dropout: 0 }), { seed: 2 });
    const exported = await source.exportParameters();
    target.importParameters(exported);
    expect(await target.predict(images, 3)).toEqual(await source.predict(images, 3));
    const broken = new Map(exported);
    broken.set("fc.weight", { shape: [3, 5], values: new Float32Array(15) });
    expect(() => target.importParameters(broken)).toThrow(/fc\.weight has shape \[3, 5\] in the weights, but tiny needs \[3, 16\]/);
  });

  it("refuses images of the wrong size and labels out of range with a clear message", async () => {
    const backend = referenceBackend();
    const model = await createModel(backend, tinyGraph({ normalization: "lrn", dropout: 0 }), { seed: 1 });
    await expect(model.predict(new Float32Array(10), 1)).rejects.toThrow(/expected 1 images of 2×9×9 \(162 values\), but got 10 values/);
    await expect(model.evaluate(images, Int32Array.from([0, 1, 3]), 3)).rejects.toThrow(/label 3 is outside 0…2/);
  });
});
