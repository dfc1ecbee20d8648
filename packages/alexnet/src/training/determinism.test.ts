import { createCpuBackend } from "@alexnet-ts/backend-cpu";
import { compareValues, createReferenceBackend, defaultTolerance } from "@alexnet-ts/conformance";
import { createModel, createRandom, withDefaults, type Backend } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { augmentBatch } from "../augmentation/augment.js";
import { cropGeometry } from "../augmentation/crop.js";
import { createSyntheticDataset, syntheticNormalization } from "../data/synthetic.js";
import { normalizeImages } from "../data/normalize.js";
import { buildVariant } from "../variants/index.js";

// Backends compared with the float64 reference: the project's CPU backend here; the other
// backends' packages run their own conformance suites and are not dependencies of this package.
const backends: [string, () => Backend][] = [["cpu", createCpuBackend]];

describe("cross-backend determinism of a training step", () => {
  it.each(backends)("%s: the first step's loss and gradients match the float64 reference within the conformance tolerance", async (_, create) => {
    // The small variant at 16×16: LRN, grouped convolutions, overlapping pooling, dropout.
    const graph = buildVariant("small", { inputSize: 16, inputChannels: 3, classes: 4 });
    const data = createSyntheticDataset({ count: 4, classes: 4, channels: 3, size: 16, seed: 2 });
    const batch = await data.read([0, 1, 2, 3]);
    const random = createRandom(5);
    const inputs = augmentBatch(batch.images, 4, 3, cropGeometry(16, 16), { crop: true, flip: true, pca: undefined }, random);
    normalizeImages(inputs, 3, 256, syntheticNormalization);
    const dropoutSeed = random.integer(4294967296);

    const run = async (backend: Backend) => {
      const model = await createModel(backend, graph, { seed: 9 });
      try {
        return { parameters: await model.exportParameters(), ...(await model.gradientsOnHost(inputs, batch.labels, { seed: dropoutSeed })) };
      } finally {
        model.dispose();
      }
    };
    const expected = await run(withDefaults(createReferenceBackend()));
    const got = await run(create());
    // Initialization is drawn on the host from the seed: identical bits everywhere.
    for (const [name, tensor] of expected.parameters) expect(got.parameters.get(name)!.values).toEqual(tensor.values);
    expect(Math.abs(got.loss - expected.loss)).toBeLessThanOrEqual(defaultTolerance.absolute * Math.max(1, expected.loss) + defaultTolerance.relative * expected.loss);
    for (const [name, gradient] of expected.gradients) {
      const reference = { shape: [...gradient.shape], data: Float64Array.from(gradient.values) };
      expect(compareValues(name, got.gradients.get(name)!.values, got.gradients.get(name)!.shape, reference, defaultTolerance)).toBeUndefined();
    }
  });
});
