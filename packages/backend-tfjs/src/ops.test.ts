/**
 * Hand-written checks of the tfjs backend against the float64 reference backend, aimed at what is
 * particular to this backend: layouts kept inside handles (NHWC activations, HWIO filters, lazy
 * transposes), the kernels' geometry limits (groups, dilation with stride, ceil-mode pooling) and
 * the wasm filter gradient. The shared conformance suite covers the contract as a whole.
 *
 * Every engine that runs here, one after another in this process (tfjs has one global engine:
 * each block closes its backend before the next one starts); an engine that cannot run is
 * skipped with its reason in the block's name.
 */
import { createReferenceBackend } from "@alexnet-ts/conformance/reference";
import { createRandom, withDefaults, type Backend, type Conv2dOptions, type Pool2dOptions, type Shape, type Tensor } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tfjsBackendProviders } from "./providers.js";

/**
 * float32 against float64: sums of up to a few hundred products of values in [−1, 1] keep about
 * 6 significant digits, so 1e-4 of the result's scale (and 1e-5 absolute) is a safe bound.
 */
const tolerance = 1e-4;

type AnyBackend = Backend<Tensor>;

/** Values in [−1, 1) from a seed. */
function randomValues(count: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: count }, () => random.uniform() * 2 - 1);
}

function size(shape: Shape): number {
  return shape.reduce((product, length) => product * length, 1);
}

/** Asserts two arrays agree within the tolerance of the larger magnitude. */
function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  for (const value of expected) scale = Math.max(scale, Math.abs(value));
  let worst = 0;
  let worstIndex = -1;
  for (let index = 0; index < expected.length; index++) {
    const error = Math.abs(actual[index] - expected[index]);
    if (!(error <= worst)) {
      worst = error;
      worstIndex = index;
    }
  }
  expect(worst, `${what}: worst error at ${worstIndex} (got ${actual[worstIndex]}, want ${expected[worstIndex]})`).toBeLessThanOrEqual(tolerance * scale + 1e-5);
}

/**
 * Runs the same op on the tfjs backend and the reference, on the same inputs, and compares
 * everything the op returns. Every handle made is disposed.
 */
async function compare(
  tfjs: AnyBackend,
  reference: AnyBackend,
  what: string,
  inputs: readonly { shape: Shape; values?: Float32Array }[],
  op: (backend: AnyBackend, tensors: Tensor[]) => Tensor | Tensor[],
): Promise<void> {
  const values = inputs.map((input, index) => input.values ?? randomValues(size(input.shape), 17 + index * 101 + what.length));
  const run = async (backend: AnyBackend): Promise<Float32Array[]> => {
    const tensors = inputs.map((input, index) => backend.upload(values[index], input.shape));
    const result = op(backend, tensors);
    const outputs = Array.isArray(result) ? result : [result];
    const read = await Promise.all(outputs.map((output) => backend.download(output)));
    for (const output of outputs) expect([...output.shape], `${what}: shape`).toEqual([...(outputs[0] === output ? output.shape : output.shape)]);
    for (const tensor of [...tensors, ...outputs]) backend.dispose(tensor);
    return read;
  };
  const before = tfjs.liveTensorCount();
  const actual = await run(tfjs);
  const expected = await run(reference);
  expect(tfjs.liveTensorCount(), `${what}: live handles`).toBe(before);
  actual.forEach((result, index) => expectClose(result, expected[index], `${what} output ${index}`));
}

const conv = (stride: [number, number], padding: [number, number, number, number], dilation: [number, number] = [1, 1], groups = 1): Conv2dOptions => ({
  stride,
  padding,
  dilation,
  groups,
});
const pool = (kernel: [number, number], stride: [number, number], padding: [number, number, number, number] = [0, 0, 0, 0], ceilMode = false, dilation: [number, number] = [1, 1]): Pool2dOptions => ({
  kernel,
  stride,
  padding,
  dilation,
  ceilMode,
});

/** Geometries: AlexNet's conv1 in miniature, asymmetric padding, groups, dilation with and without stride. */
const convolutionCases: { name: string; input: Shape; filter: Shape; options: Conv2dOptions }[] = [
  { name: "11×11 stride 4 (conv1 in miniature)", input: [2, 3, 27, 27], filter: [4, 3, 11, 11], options: conv([4, 4], [0, 0, 0, 0]) },
  { name: "5×5 pad 2, 2 groups", input: [2, 4, 7, 7], filter: [6, 2, 5, 5], options: conv([1, 1], [2, 2, 2, 2], [1, 1], 2) },
  { name: "3×3 stride 2, asymmetric padding, remainder rows", input: [1, 3, 8, 9], filter: [2, 3, 3, 3], options: conv([2, 2], [1, 0, 0, 2]) },
  { name: "3×3 dilation 2", input: [1, 2, 9, 9], filter: [3, 2, 3, 3], options: conv([1, 1], [2, 2, 2, 2], [2, 2]) },
  { name: "3×2 stride 2 and dilation 2", input: [2, 2, 11, 10], filter: [3, 2, 3, 2], options: conv([2, 2], [1, 1, 1, 1], [2, 2]) },
];

// tfjs-node (optional, native TensorFlow) is left to the conformance suite, as before.
for (const provider of tfjsBackendProviders.filter((candidate) => candidate.name !== "tfjs-node")) {
  const status = await provider.availability();
  const skipReason = status.available ? undefined : `${provider.name} is not available here: ${status.reason} (to enable: ${status.howToEnable})`;
  describeOpChecks(provider.name, () => provider.create() as Promise<AnyBackend>, skipReason);
}

/**
 * Registers the checks for a backend made by `create`. With a skip reason the block is registered as
 * skipped, the reason in its title and printed, so a run says what it did not check and why.
 */
function describeOpChecks(engineName: string, create: () => Promise<AnyBackend>, skipReason?: string): void {
  const title = `${engineName}: ops against the float64 reference`;
  if (skipReason !== undefined) console.log(`skipped: ${title}: ${skipReason}`);
  (skipReason === undefined ? describe : describe.skip)(skipReason === undefined ? title : `${title} — skipped: ${skipReason}`, () => {
    let tfjs: AnyBackend;
    const reference = withDefaults(createReferenceBackend({ withOverrides: true })) as unknown as AnyBackend;
    beforeAll(async () => {
      tfjs = await create();
    });
    afterAll(async () => {
      await tfjs?.close?.();
    });

    it("reports the engine it really runs", () => {
      expect(tfjs.describe()).toMatch(/^tfjs 4\.22\.0 /);
      expect(tfjs.name).toBe(engineName);
    });

    for (const testCase of convolutionCases) {
      it(`conv2d, its bias+ReLU fusion and both gradients: ${testCase.name}`, async () => {
        const { input, filter, options } = testCase;
        const outputShape = [input[0], filter[0], 0, 0];
        await compare(tfjs, reference, `conv2d ${testCase.name}`, [{ shape: input }, { shape: filter }], (backend, [x, w]) => backend.conv2d(x, w, options));
        await compare(tfjs, reference, `conv2dBiasActivation ${testCase.name}`, [{ shape: input }, { shape: filter }, { shape: [filter[0]] }], (backend, [x, w, b]) =>
          backend.conv2dBiasActivation(x, w, b, { ...options, activation: "relu" }),
        );
        // The output shape from the reference, so the gradient inputs fit.
        const probe = reference.conv2d(reference.upload(new Float32Array(size(input)), input), reference.upload(new Float32Array(size(filter)), filter), options);
        outputShape[2] = probe.shape[2];
        outputShape[3] = probe.shape[3];
        await compare(tfjs, reference, `conv2dBackwardInput ${testCase.name}`, [{ shape: outputShape }, { shape: filter }], (backend, [dy, w]) => backend.conv2dBackwardInput(dy, w, input, options));
        await compare(tfjs, reference, `conv2dBackwardFilter ${testCase.name}`, [{ shape: input }, { shape: outputShape }], (backend, [x, dy]) => backend.conv2dBackwardFilter(x, dy, filter, options));
      });
    }

    it("a filter gradient in its stored layout feeds an SGD step on a plain parameter and a later conv2d", async () => {
      const options = conv([2, 2], [1, 1, 1, 1]);
      await compare(tfjs, reference, "filter gradient → sgd → conv2d", [{ shape: [2, 3, 9, 9] }, { shape: [2, 4, 5, 5] }, { shape: [4, 3, 3, 3] }, { shape: [4, 3, 3, 3] }], (backend, [x, dy, w, v]) => {
        const gradient = backend.conv2dBackwardFilter(x, dy, [4, 3, 3, 3], options);
        const step = backend.sgdUpdate(w, gradient, v, { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 });
        const output = backend.conv2d(x, step.parameter, options);
        backend.dispose(gradient);
        return [output, step.parameter, step.velocity];
      });
    });

    const poolCases: { name: string; input: Shape; options: Pool2dOptions }[] = [
      { name: "3×3 stride 2 (overlapping, AlexNet)", input: [2, 3, 13, 13], options: pool([3, 3], [2, 2]) },
      { name: "3×3 stride 2, ceil mode", input: [1, 2, 8, 8], options: pool([3, 3], [2, 2], [0, 0, 0, 0], true) },
      { name: "3×2 stride 2, padding 1, ceil mode", input: [1, 2, 7, 6], options: pool([3, 2], [2, 2], [1, 1, 1, 1], true) },
      { name: "2×2 dilation 2", input: [1, 2, 7, 7], options: pool([2, 2], [1, 1], [0, 0, 0, 0], false, [2, 2]) },
    ];
    for (const testCase of poolCases) {
      it(`maxPool2d and its gradient: ${testCase.name}`, async () => {
        const { input, options } = testCase;
        await compare(tfjs, reference, `maxPool2d ${testCase.name}`, [{ shape: input }], (backend, [x]) => backend.maxPool2d(x, options));
        const probe = reference.maxPool2d(reference.upload(new Float32Array(size(input)), input), options);
        await compare(tfjs, reference, `maxPool2dBackward ${testCase.name}`, [{ shape: input }, { shape: probe.shape }], (backend, [x, dy]) => {
          const y = backend.maxPool2d(x, options);
          const dx = backend.maxPool2dBackward(x, y, dy, options);
          backend.dispose(y);
          return dx;
        });
      });
    }

    it("max pooling gives a tied window's gradient to its first maximum (row-major)", async () => {
      // Values from {0, 1, 2}: many windows hold their maximum twice or more.
      const input: Shape = [1, 2, 7, 7];
      const values = Float32Array.from({ length: size(input) }, (_, index) => (index * 7) % 3);
      const options = pool([3, 3], [2, 2]);
      await compare(tfjs, reference, "maxPool2dBackward with ties", [{ shape: input, values }, { shape: [1, 2, 3, 3] }], (backend, [x, dy]) => {
        const y = backend.maxPool2d(x, options);
        const dx = backend.maxPool2dBackward(x, y, dy, options);
        backend.dispose(y);
        return dx;
      });
    });

    for (const lrnSize of [5, 4]) {
      it(`local response norm and its gradient, size ${lrnSize}${lrnSize % 2 === 0 ? " (lopsided window: the default)" : " (tfjs's LRN kernels)"}`, async () => {
        const options = { size: lrnSize, alpha: 1e-2, beta: 0.75, k: 2 };
        await compare(tfjs, reference, `localResponseNorm ${lrnSize}`, [{ shape: [2, 7, 3, 4] }], (backend, [x]) => backend.localResponseNorm(x, options));
        await compare(tfjs, reference, `localResponseNormBackward ${lrnSize}`, [{ shape: [2, 7, 3, 4] }, { shape: [2, 7, 3, 4] }], (backend, [x, dy]) => {
          const y = backend.localResponseNorm(x, options);
          const dx = backend.localResponseNormBackward(x, y, dy, options);
          backend.dispose(y);
          return dx;
        });
      });
    }

    it("batch normalization: inference, training statistics and gradients", async () => {
      const shape: Shape = [3, 4, 5, 5];
      const positive = Float32Array.from(randomValues(4, 5), (value) => value + 1.5);
      await compare(tfjs, reference, "batchNorm2dInference", [{ shape }, { shape: [4] }, { shape: [4], values: positive }, { shape: [4] }, { shape: [4] }], (backend, [x, m, v, w, b]) =>
        backend.batchNorm2dInference(x, { mean: m, variance: v, weight: w, bias: b, epsilon: 1e-3 }),
      );
      await compare(tfjs, reference, "batchNorm2dTraining", [{ shape }, { shape: [4] }, { shape: [4] }], (backend, [x, w, b]) => {
        const result = backend.batchNorm2dTraining(x, { weight: w, bias: b, epsilon: 1e-5 });
        return [result.output, result.mean, result.variance];
      });
      await compare(tfjs, reference, "batchNorm2dBackward", [{ shape }, { shape }, { shape: [4] }], (backend, [x, dy, w]) => {
        const statistics = backend.batchNorm2dTraining(x, { weight: w, bias: w, epsilon: 1e-5 });
        const gradients = backend.batchNorm2dBackward(x, dy, { mean: statistics.mean, variance: statistics.variance, weight: w, epsilon: 1e-5 });
        for (const tensor of [statistics.output, statistics.mean, statistics.variance]) backend.dispose(tensor);
        return [gradients.input, gradients.weight, gradients.bias];
      });
    });

    it("layouts: NHWC activations through reduce, broadcasting, pad, slice, concat, transpose, reshape and matmul", async () => {
      const options = conv([1, 1], [1, 1, 1, 1]);
      await compare(tfjs, reference, "layout chain", [{ shape: [2, 3, 6, 5] }, { shape: [4, 3, 3, 3] }, { shape: [4, 1, 1] }, { shape: [5] }, { shape: [7, 4] }], (backend, [x, w, column, row, matrix]) => {
        const y = backend.conv2d(x, w, options); // stored NHWC
        const channelSums = backend.reduce("sum", y, { axes: [0], keepDimensions: false }); // survivors C, H, W stored as H, W, C
        const maxima = backend.reduce("max", y, { axes: [2, 3], keepDimensions: true });
        const scaled = backend.binary("multiply", y, column); // [4, 1, 1] broadcast against NHWC
        const shifted = backend.binary("add", row, scaled); // lower rank first
        const padded = backend.pad(shifted, [[0, 0], [1, 0], [0, 2], [1, 1]], -0.5);
        const reversed = backend.slice(padded, { begin: [1, 3, 6, 6], size: [1, 2, 4, 3], step: [-1, -1, -2, -2] });
        const corner = backend.slice(padded, { begin: [0, 0, 0, 0], size: [1, 2, 4, 3], step: [1, 1, 1, 1] });
        const joined = backend.concat([reversed, corner], 1);
        const swapped = backend.transpose(joined, [0, 2, 3, 1]); // [1, 4, 3, 4]
        const rows = backend.reshape(swapped, [12, 4]);
        const product = backend.matmul(rows, matrix, { transposeA: false, transposeB: true }); // [12, 7]
        const lazy = backend.transpose(product, [1, 0]);
        const back = backend.matmul(lazy, rows, { transposeA: false, transposeB: false }); // [7, 4]: a lazily transposed operand
        const relu = backend.unary("relu", channelSums);
        const total = backend.reduce("mean", relu, { axes: [0, 2], keepDimensions: false });
        return [channelSums, maxima, shifted, joined, product, back, total, relu, y, scaled, padded, reversed, corner, swapped, rows, lazy];
      });
    });

    it("fully connected products: x·Wᵀ, dy·W, dyᵀ·x and x·xᵀ, and a weight reused as Wᵀ is re-laid out at most once", async () => {
      await compare(tfjs, reference, "linear products", [{ shape: [3, 5] }, { shape: [4, 5] }, { shape: [3, 4] }], (backend, [x, w, dy]) => {
        const forward = backend.matmul(x, w, { transposeA: false, transposeB: true }); // [3, 4]
        const again = backend.matmul(x, w, { transposeA: false, transposeB: true });
        const inputGradient = backend.matmul(dy, w, { transposeA: false, transposeB: false }); // [3, 5]
        const weightGradient = backend.matmul(dy, x, { transposeA: true, transposeB: false }); // [4, 5]
        const gram = backend.matmul(x, x, { transposeA: false, transposeB: true }); // one handle in both layouts
        const afterGram = backend.matmul(x, w, { transposeA: false, transposeB: true }); // x still readable after the Gram product
        return [forward, again, inputGradient, weightGradient, gram, afterGram];
      });
      const statistics = (tfjs as unknown as { layoutStatistics(): { count: number } }).layoutStatistics;
      const x = tfjs.upload(randomValues(2 * 6, 3), [2, 6]);
      const w = tfjs.upload(randomValues(3 * 6, 4), [3, 6]);
      const before = statistics().count;
      const first = tfjs.matmul(x, w, { transposeA: false, transposeB: true });
      const afterFirst = statistics().count;
      const second = tfjs.matmul(x, w, { transposeA: false, transposeB: true });
      expect(afterFirst - before, "layout changes for the first x·Wᵀ").toBeLessThanOrEqual(1);
      expect(statistics().count, "layout changes for a second x·Wᵀ with the same W").toBe(afterFirst);
      for (const tensor of [x, w, first, second]) tfjs.dispose(tensor);
    });

    it("softmax family, cross-entropy and activation gradients", async () => {
      const shape: Shape = [3, 6];
      await compare(tfjs, reference, "softmax", [{ shape }], (backend, [x]) => [backend.softmax(x), backend.logSoftmax(x)]);
      await compare(tfjs, reference, "softmax backward", [{ shape }, { shape }], (backend, [x, dy]) => {
        const y = backend.softmax(x);
        const logY = backend.logSoftmax(x);
        const result = [backend.softmaxBackward(y, dy), backend.logSoftmaxBackward(logY, dy), backend.activationBackward("relu", x, dy), backend.activationBackward("tanh", y, dy)];
        backend.dispose(y);
        backend.dispose(logY);
        return result;
      });
      await compare(tfjs, reference, "crossEntropyWithLogits", [{ shape }], (backend, [x]) => {
        const result = backend.crossEntropyWithLogits(x, Int32Array.from([2, 0, 5]));
        return [result.loss, result.gradient];
      });
      expect(() => tfjs.crossEntropyWithLogits(tfjs.fill([1, 3], 0), Int32Array.from([3]))).toThrow(/label 3/);
    });

    it("upload and download copy: changing either array leaves the tensor as it was", async () => {
      const values = Float32Array.from([1, 2, 3, 4]);
      const tensor = tfjs.upload(values, [2, 2]);
      values[0] = 99;
      const first = await tfjs.download(tensor);
      expect([...first]).toEqual([1, 2, 3, 4]);
      first[1] = 99;
      expect([...(await tfjs.download(tensor))]).toEqual([1, 2, 3, 4]);
      tfjs.dispose(tensor);
    });

    it("every handle is counted and tfjs holds no tensor after they are disposed", async () => {
      const baseline = tf.memory().numTensors;
      const live = tfjs.liveTensorCount();
      const x = tfjs.upload(randomValues(2 * 3 * 9 * 9, 1), [2, 3, 9, 9]);
      const w = tfjs.upload(randomValues(4 * 3 * 3 * 3, 2), [4, 3, 3, 3]);
      const y = tfjs.conv2d(x, w, conv([1, 1], [1, 1, 1, 1]));
      const flat = tfjs.reshape(y, [2, 4 * 9 * 9]);
      expect(tfjs.liveTensorCount()).toBe(live + 4);
      for (const tensor of [x, w, y, flat]) tfjs.dispose(tensor);
      expect(tfjs.liveTensorCount()).toBe(live);
      expect(tf.memory().numTensors).toBe(baseline);
      expect(() => tfjs.dispose(x)).toThrow(/disposed twice/);
    });
  });
}
