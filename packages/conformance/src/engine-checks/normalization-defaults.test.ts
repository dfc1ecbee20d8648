import { describe, expect, it } from "vitest";
import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import { createDefaultsBackend, expectGradientMatchesFiniteDifferences, expectMatchesReference, randomTensor } from "./test-support.js";

// The paper's LRN (n = 5, α = 1e-4, β = 0.75, k = 2) barely moves unit-scale inputs, so the
// checks also use a strong α and even and odd sizes, where the window is asymmetric.
const lrnCases: { name: string; options: LocalResponseNormOptions; channels: number }[] = [
  { name: "the paper's constants", options: { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }, channels: 7 },
  { name: "strong alpha, size 5", options: { size: 5, alpha: 0.3, beta: 0.75, k: 2 }, channels: 6 },
  { name: "even size 4 (window c − 1 … c + 2)", options: { size: 4, alpha: 0.2, beta: 0.6, k: 1 }, channels: 5 },
  { name: "size larger than the channels", options: { size: 7, alpha: 0.1, beta: 1.2, k: 1.5 }, channels: 3 },
  { name: "size 1", options: { size: 1, alpha: 0.5, beta: 0.5, k: 1 }, channels: 2 },
];

describe("localResponseNorm and its backward", () => {
  for (const { name, options, channels } of lrnCases) {
    const shape = [2, channels, 3, 2];
    it(`forward matches the reference: ${name}`, async () => {
      await expectMatchesReference([randomTensor(shape, 1, 2)], (b, [x]) => b.localResponseNorm(x, options));
    });
    it(`backward matches the reference: ${name}`, async () => {
      await expectMatchesReference([randomTensor(shape, 2, 2), randomTensor(shape, 3)], (b, [x, dy]) => {
        const y = b.localResponseNorm(x, options);
        const dx = b.localResponseNormBackward(x, y, dy, options);
        b.dispose(y);
        return dx;
      });
    });
    it(`backward agrees with finite differences: ${name}`, async () => {
      await expectGradientMatchesFiniteDifferences(
        randomTensor(shape, 4, 2),
        (b, x) => b.localResponseNorm(x, options),
        (b, x, dy) => {
          const y = b.localResponseNorm(x, options);
          const dx = b.localResponseNormBackward(x, y, dy, options);
          b.dispose(y);
          return dx;
        },
        5,
      );
    });
  }

  it("by hand: one channel of 2 with α = 1, β = 1, k = 1, size 1 gives 2 / (1 + 4)", async () => {
    const backend = createDefaultsBackend();
    const x = backend.upload(Float32Array.from([2]), [1, 1, 1, 1]);
    const y = backend.localResponseNorm(x, { size: 1, alpha: 1, beta: 1, k: 1 });
    expect((await backend.download(y))[0]).toBeCloseTo(0.4, 6);
  });
});

describe("batch normalization", () => {
  const shape = [3, 4, 2, 3];
  const channelTensors = (seed: number) => [randomTensor([4], seed, 0.5, 1), randomTensor([4], seed + 1)];

  it("inference matches the reference", async () => {
    const variance = { values: Float32Array.from([0.5, 1, 2, 0.01]), shape: [4] };
    await expectMatchesReference([randomTensor(shape, 1), randomTensor([4], 2), variance, ...channelTensors(3)], (b, [x, mean, v, weight, bias]) =>
      b.batchNorm2dInference(x, { mean, variance: v, weight, bias, epsilon: 1e-5 }),
    );
  });

  it("training matches the reference (output, batch mean, biased variance), also with a large mean", async () => {
    for (const offset of [0, 100]) {
      await expectMatchesReference([randomTensor(shape, 5, 2, offset), ...channelTensors(6)], (b, [x, weight, bias]) => b.batchNorm2dTraining(x, { weight, bias, epsilon: 1e-3 }), 2e-5);
    }
  });

  it("training on [N, F] features (BatchNorm1d) matches the reference", async () => {
    await expectMatchesReference([randomTensor([5, 4], 7), ...channelTensors(8)], (b, [x, weight, bias]) => b.batchNorm2dTraining(x, { weight, bias, epsilon: 1e-5 }));
  });

  it("backward matches the reference", async () => {
    await expectMatchesReference([randomTensor(shape, 9), randomTensor(shape, 10), randomTensor([4], 11, 0.5, 1)], (b, [x, dy, weight]) => {
      const bias = b.fill([4], 0);
      const { output, mean, variance } = b.batchNorm2dTraining(x, { weight, bias, epsilon: 1e-5 });
      const gradients = b.batchNorm2dBackward(x, dy, { mean, variance, weight, epsilon: 1e-5 });
      for (const tensor of [bias, output, mean, variance]) b.dispose(tensor);
      return { input: gradients.input, weight: gradients.weight, bias: gradients.bias };
    });
  });

  it("backward's input gradient agrees with finite differences of the training output", async () => {
    const weight = randomTensor([4], 12, 0.5, 1);
    await expectGradientMatchesFiniteDifferences(
      randomTensor(shape, 13),
      (b, x) => {
        const [w, bias] = [b.upload(weight.values, [4]), b.fill([4], 0.1)];
        const result = b.batchNorm2dTraining(x, { weight: w, bias, epsilon: 1e-5 });
        for (const tensor of [w, bias, result.mean, result.variance]) b.dispose(tensor);
        return result.output;
      },
      (b, x, dy) => {
        const [w, bias] = [b.upload(weight.values, [4]), b.fill([4], 0.1)];
        const result = b.batchNorm2dTraining(x, { weight: w, bias, epsilon: 1e-5 });
        const gradients = b.batchNorm2dBackward(x, dy, { mean: result.mean, variance: result.variance, weight: w, epsilon: 1e-5 });
        for (const tensor of [w, bias, result.output, result.mean, result.variance, gradients.weight, gradients.bias]) b.dispose(tensor);
        return gradients.input;
      },
      14,
    );
  });

  it("a per-channel tensor of the wrong length is a clear error naming the op", () => {
    const backend = createDefaultsBackend();
    const x = backend.upload(new Float32Array(8), [1, 2, 2, 2]);
    const wrong = backend.fill([3], 1);
    const right = backend.fill([2], 1);
    expect(() => backend.batchNorm2dTraining(x, { weight: wrong, bias: right, epsilon: 1e-5 })).toThrow(/^batchNorm2dTraining: weight \[3\]/);
    expect(backend.liveTensorCount()).toBe(3);
  });
});
