import { coreOps, dropoutMaskValues, withDefaults, type Backend, type BackendImplementation, type Tensor } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { createCpuImplementation } from "./backend.js";
import { expectClose, randomTensor } from "./test-helpers.js";

/**
 * Every override against the engine's default for the same op, composed from this backend's own
 * core: two independent routes to one answer. Both backends share one tensor store, so a tensor
 * made by either works in both.
 */
function twoRoutes(): { fast: Backend; composed: Backend } {
  const implementation = createCpuImplementation();
  const coreOnly: Record<string, unknown> = { name: "cpu-core-only", contractVersion: implementation.contractVersion, describe: implementation.describe };
  for (const name of coreOps) coreOnly[name] = implementation[name];
  return { fast: withDefaults(implementation), composed: withDefaults(coreOnly as unknown as BackendImplementation) };
}

// Tolerance 1e-4 of the largest value: the two routes sum in different orders (float32 gemm sums
// of up to a few hundred terms against float64 loops), which moves results by ~1e-6 of their size.
const tolerance = 1e-4;

async function expectSame(fast: Backend, one: Tensor, other: Tensor, label: string): Promise<void> {
  expect(one.shape, `${label}: shape`).toEqual(other.shape);
  expectClose(await fast.download(one), await fast.download(other), tolerance, label);
  fast.dispose(one);
  fast.dispose(other);
}

const alexnetConv = { stride: [1, 1], padding: [2, 2, 2, 2], dilation: [1, 1], groups: 2 } as const;
const overlappingPool = { kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false } as const;
const paddedCeilPool = { kernel: [3, 2], stride: [2, 3], padding: [1, 0, 1, 1], dilation: [1, 1], ceilMode: true } as const;
const lrnPaper = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 };
const lrnOdd = { size: 4, alpha: 0.3, beta: 0.6, k: 1.5 };

describe("overrides agree with the defaults composed from the core", () => {
  it("fill and addBias", async () => {
    const { fast, composed } = twoRoutes();
    await expectSame(fast, fast.fill([2, 3], 1.5), composed.fill([2, 3], 1.5), "fill");
    const image = randomTensor(fast, [2, 3, 4, 5], 1);
    const features = randomTensor(fast, [4, 3], 2);
    const bias = randomTensor(fast, [3], 3);
    await expectSame(fast, fast.addBias(image, bias), composed.addBias(image, bias), "addBias NCHW");
    await expectSame(fast, fast.addBias(features, bias), composed.addBias(features, bias), "addBias [N, F]");
    for (const tensor of [image, features, bias]) fast.dispose(tensor);
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("conv2dBiasActivation, conv2dBackwardInput, conv2dBackwardFilter (groups 2)", async () => {
    const { fast, composed } = twoRoutes();
    const x = randomTensor(fast, [2, 4, 7, 6], 1);
    const filter = randomTensor(fast, [6, 2, 5, 5], 2);
    const bias = randomTensor(fast, [6], 3);
    const dy = randomTensor(fast, [2, 6, 7, 6], 4);
    for (const activation of ["none", "relu"] as const) {
      await expectSame(fast, fast.conv2dBiasActivation(x, filter, bias, { ...alexnetConv, activation }), composed.conv2dBiasActivation(x, filter, bias, { ...alexnetConv, activation }), `conv2dBiasActivation ${activation}`);
    }
    await expectSame(fast, fast.conv2dBiasActivation(x, filter, undefined, { ...alexnetConv, activation: "relu" }), composed.conv2dBiasActivation(x, filter, undefined, { ...alexnetConv, activation: "relu" }), "conv2dBiasActivation without bias");
    await expectSame(fast, fast.conv2dBackwardInput(dy, filter, [2, 4, 7, 6], alexnetConv), composed.conv2dBackwardInput(dy, filter, [2, 4, 7, 6], alexnetConv), "conv2dBackwardInput");
    await expectSame(fast, fast.conv2dBackwardFilter(x, dy, [6, 2, 5, 5], alexnetConv), composed.conv2dBackwardFilter(x, dy, [6, 2, 5, 5], alexnetConv), "conv2dBackwardFilter");
    for (const tensor of [x, filter, bias, dy]) fast.dispose(tensor);
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("maxPool2dBackward, with ties (first maximum wins), padding and ceil mode", async () => {
    const { fast, composed } = twoRoutes();
    // Values from {0, 1, 2}: many windows hold several equal maxima.
    const levels = Float32Array.from({ length: 2 * 3 * 9 * 8 }, (_, index) => (index * 7919) % 3);
    const x = fast.upload(levels, [2, 3, 9, 8]);
    for (const options of [overlappingPool, paddedCeilPool]) {
      const y = fast.maxPool2d(x, options);
      const dy = randomTensor(fast, y.shape, 5);
      await expectSame(fast, fast.maxPool2dBackward(x, y, dy, options), composed.maxPool2dBackward(x, y, dy, options), `maxPool2dBackward ${JSON.stringify(options.padding)}`);
      fast.dispose(y);
      fast.dispose(dy);
    }
    fast.dispose(x);
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("avgPool2d and its backward, counting padding or not", async () => {
    const { fast, composed } = twoRoutes();
    const x = randomTensor(fast, [2, 3, 9, 8], 1);
    for (const countIncludePad of [false, true]) {
      const options = { ...paddedCeilPool, countIncludePad };
      await expectSame(fast, fast.avgPool2d(x, options), composed.avgPool2d(x, options), `avgPool2d countIncludePad ${countIncludePad}`);
      const pooled = fast.avgPool2d(x, options);
      const dy = randomTensor(fast, pooled.shape, 2);
      fast.dispose(pooled);
      await expectSame(fast, fast.avgPool2dBackward(dy, [2, 3, 9, 8], options), composed.avgPool2dBackward(dy, [2, 3, 9, 8], options), `avgPool2dBackward countIncludePad ${countIncludePad}`);
      fast.dispose(dy);
    }
    fast.dispose(x);
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("adaptiveAvgPool2d and its backward (13 → 6 and 5 → 3: overlapping windows)", async () => {
    const { fast, composed } = twoRoutes();
    for (const [size, output] of [[13, 6], [5, 3]] as const) {
      const x = randomTensor(fast, [2, 3, size, size + 1], 1);
      await expectSame(fast, fast.adaptiveAvgPool2d(x, [output, output]), composed.adaptiveAvgPool2d(x, [output, output]), `adaptiveAvgPool2d ${size} → ${output}`);
      const dy = randomTensor(fast, [2, 3, output, output], 2);
      await expectSame(fast, fast.adaptiveAvgPool2dBackward(dy, [2, 3, size, size + 1]), composed.adaptiveAvgPool2dBackward(dy, [2, 3, size, size + 1]), `adaptiveAvgPool2dBackward ${size} → ${output}`);
      fast.dispose(x);
      fast.dispose(dy);
    }
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("localResponseNorm and its backward (the paper's constants, and an even size with Math.pow's β)", async () => {
    const { fast, composed } = twoRoutes();
    for (const options of [lrnPaper, lrnOdd]) {
      const x = randomTensor(fast, [2, 7, 3, 4], 1, -3, 3);
      const dy = randomTensor(fast, [2, 7, 3, 4], 2);
      const y = fast.localResponseNorm(x, options);
      await expectSame(fast, fast.localResponseNorm(x, options), composed.localResponseNorm(x, options), `localResponseNorm size ${options.size}`);
      await expectSame(fast, fast.localResponseNormBackward(x, y, dy, options), composed.localResponseNormBackward(x, y, dy, options), `localResponseNormBackward size ${options.size}`);
      for (const tensor of [x, dy, y]) fast.dispose(tensor);
    }
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("batchNorm2d inference, training and backward", async () => {
    const { fast, composed } = twoRoutes();
    const x = randomTensor(fast, [3, 4, 5, 2], 1, -2, 3);
    const dy = randomTensor(fast, [3, 4, 5, 2], 2);
    const weight = randomTensor(fast, [4], 3, 0.5, 1.5);
    const bias = randomTensor(fast, [4], 4);
    const mean = randomTensor(fast, [4], 5);
    const variance = randomTensor(fast, [4], 6, 0.5, 2);
    await expectSame(fast, fast.batchNorm2dInference(x, { mean, variance, weight, bias, epsilon: 1e-5 }), composed.batchNorm2dInference(x, { mean, variance, weight, bias, epsilon: 1e-5 }), "batchNorm2dInference");
    const one = fast.batchNorm2dTraining(x, { weight, bias, epsilon: 1e-3 });
    const other = composed.batchNorm2dTraining(x, { weight, bias, epsilon: 1e-3 });
    await expectSame(fast, one.output, other.output, "batchNorm2dTraining output");
    const backwardOne = fast.batchNorm2dBackward(x, dy, { mean: one.mean, variance: one.variance, weight, epsilon: 1e-3 });
    const backwardOther = composed.batchNorm2dBackward(x, dy, { mean: one.mean, variance: one.variance, weight, epsilon: 1e-3 });
    await expectSame(fast, one.mean, other.mean, "batchNorm2dTraining mean");
    await expectSame(fast, one.variance, other.variance, "batchNorm2dTraining variance");
    await expectSame(fast, backwardOne.input, backwardOther.input, "batchNorm2dBackward input");
    await expectSame(fast, backwardOne.weight, backwardOther.weight, "batchNorm2dBackward weight");
    await expectSame(fast, backwardOne.bias, backwardOther.bias, "batchNorm2dBackward bias");
    for (const tensor of [x, dy, weight, bias, mean, variance]) fast.dispose(tensor);
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("softmax, logSoftmax, their backwards and cross-entropy (large logits stay finite)", async () => {
    const { fast, composed } = twoRoutes();
    const logits = randomTensor(fast, [4, 10], 1, -60, 60);
    const dy = randomTensor(fast, [4, 10], 2);
    await expectSame(fast, fast.softmax(logits), composed.softmax(logits), "softmax");
    await expectSame(fast, fast.logSoftmax(logits), composed.logSoftmax(logits), "logSoftmax");
    const probabilities = fast.softmax(logits);
    const logProbabilities = fast.logSoftmax(logits);
    await expectSame(fast, fast.softmaxBackward(probabilities, dy), composed.softmaxBackward(probabilities, dy), "softmaxBackward");
    await expectSame(fast, fast.logSoftmaxBackward(logProbabilities, dy), composed.logSoftmaxBackward(logProbabilities, dy), "logSoftmaxBackward");
    const labels = Int32Array.from([3, 0, 9, 3]);
    const one = fast.crossEntropyWithLogits(logits, labels);
    const other = composed.crossEntropyWithLogits(logits, labels);
    expect(Number.isFinite((await fast.download(one.loss))[0])).toBe(true);
    await expectSame(fast, one.loss, other.loss, "crossEntropyWithLogits loss");
    await expectSame(fast, one.gradient, other.gradient, "crossEntropyWithLogits gradient");
    for (const tensor of [logits, dy, probabilities, logProbabilities]) fast.dispose(tensor);
    expect(fast.liveTensorCount()).toBe(0);
  });

  it("activationBackward and sgdUpdate", async () => {
    const { fast, composed } = twoRoutes();
    const y = randomTensor(fast, [3, 5], 1);
    const dy = randomTensor(fast, [3, 5], 2);
    for (const activation of ["relu", "tanh"] as const) {
      await expectSame(fast, fast.activationBackward(activation, y, dy), composed.activationBackward(activation, y, dy), `activationBackward ${activation}`);
    }
    const velocity = randomTensor(fast, [3, 5], 3);
    const options = { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 };
    const one = fast.sgdUpdate(y, dy, velocity, options);
    const other = composed.sgdUpdate(y, dy, velocity, options);
    await expectSame(fast, one.parameter, other.parameter, "sgdUpdate parameter");
    await expectSame(fast, one.velocity, other.velocity, "sgdUpdate velocity");
    for (const tensor of [y, dy, velocity]) fast.dispose(tensor);
    expect(fast.liveTensorCount()).toBe(0);
  });
});

describe("dropoutMask", () => {
  it("equals dropoutMaskValues bit for bit", async () => {
    const { fast } = twoRoutes();
    for (const [rate, seed] of [[0.5, 7], [0.1, 123456], [0, 1]] as const) {
      const mask = fast.dropoutMask([3, 17, 5], rate, seed);
      const values = await fast.download(mask);
      fast.dispose(mask);
      expect(Array.from(values)).toEqual(Array.from(dropoutMaskValues(3 * 17 * 5, rate, seed)));
    }
  });
});
