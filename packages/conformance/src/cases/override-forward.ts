import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import * as reference from "../reference/index.js";
import type { ConformanceCase } from "../case.js";
import { CaseData } from "../data.js";
import { alexnetPoolGeometries, describeConv, describePool, randomConvGeometry, randomPoolGeometry, type SizeProfile } from "./geometry.js";

/** LRN settings: the paper's (n 5, α 1e-4, β 0.75, k 2), then larger α so the sum matters, sizes 1–6 (even sizes have asymmetric windows). */
export function lrnSettings(seed: number, data: CaseData): LocalResponseNormOptions {
  if (seed === 1) return { size: 5, alpha: 1e-4, beta: 0.75, k: 2 };
  return { size: data.integer(1, 6), alpha: Math.fround(0.05 + 0.3 * data.random.uniform()), beta: data.pick([0.5, 0.75, 1]), k: data.pick([1, 2]) };
}

/** Exact equality, for ops with nothing to round (fill, dropout masks). */
const exact = { relative: 0, absolute: 0 };

/** Forward cases of the defaulted ops (BackendOverrides): they check overrides and defaults alike. */
export function overrideForwardCases(profile: SizeProfile): ConformanceCase[] {
  const seeds = Array.from({ length: profile.seeds }, (_, index) => index + 1);
  return [
    ...fillCases(),
    ...addBiasCases(seeds),
    ...conv2dBiasActivationCases(seeds, profile),
    ...avgPool2dCases(seeds, profile),
    ...adaptiveAvgPool2dCases(),
    ...localResponseNormCases(seeds),
    ...batchNormCases(seeds),
    ...softmaxCases(seeds),
    ...dropoutMaskCases(),
    ...sgdUpdateCases(seeds),
  ];
}

/** A tensor of one value: an ordinary shape, a scalar and a vector; exact. */
function fillCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [index, shape] of [[2, 3, 4, 5], [], [7]].entries()) {
    const value = [0.5, -3, 0][index];
    cases.push({
      id: `forward/fill/${index + 1}`,
      title: `[${shape}] = ${value}`,
      run: async (context) => context.expectClose("fill", context.keep(context.backend.fill(shape, value)), reference.referenceFill(shape, value), exact),
    });
  }
  return cases;
}

/** Per-channel bias on NCHW and per-feature bias on [N, F]. */
function addBiasCases(seeds: number[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(1100 + seed);
    const shape = seed === 2 ? [data.integer(1, 3), data.integer(1, 9)] : [data.integer(1, 3), data.integer(1, 7), data.integer(1, 5), data.integer(1, 5)];
    const x = data.uniform(shape);
    const bias = data.uniform([shape[1]]);
    cases.push({
      id: `forward/addBias/seed-${seed}`,
      title: `x [${shape}]`,
      run: async (context) => context.expectClose("addBias", context.keep(context.backend.addBias(context.upload(x), context.upload(bias))), reference.referenceAddBias(x, bias)),
    });
  }
  return cases;
}

/** The fused convolution with and without bias, with and without ReLU. */
function conv2dBiasActivationCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 4)) {
    const data = new CaseData(1200 + seed);
    const geometry = randomConvGeometry(seed, data, profile);
    const x = data.uniform(geometry.inputShape);
    const filter = data.uniform(geometry.filterShape);
    const bias = seed % 2 === 0 ? undefined : data.uniform([geometry.filterShape[0]]);
    const activation = seed <= 2 ? "relu" : "none";
    cases.push({
      id: `forward/conv2dBiasActivation/seed-${seed}`,
      title: `${describeConv(geometry)} bias ${bias !== undefined} ${activation}`,
      run: async (context) => {
        const output = context.backend.conv2dBiasActivation(context.upload(x), context.upload(filter), bias && context.upload(bias), { ...geometry.options, activation });
        await context.expectClose("conv2dBiasActivation", context.keep(output), reference.referenceConv2dBiasActivation(x, filter, bias, geometry.options, activation));
      },
    });
  }
  return cases;
}

/** Average pooling: random windows and AlexNet's own pooling layers. */
function avgPool2dCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const poolCases = [
    ...seeds.map((seed) => ({ id: `seed-${seed}`, data: new CaseData(1300 + seed), seed })),
    ...alexnetPoolGeometries().map((_, index) => ({ id: `alexnet-${index + 1}`, data: new CaseData(1350 + index), seed: -1 - index })),
  ];
  for (const { id, data, seed } of poolCases) {
    const geometry = seed > 0 ? randomPoolGeometry(seed, data, profile) : alexnetPoolGeometries()[-1 - seed].geometry;
    const x = data.uniform(geometry.inputShape);
    cases.push({
      id: `forward/avgPool2d/${id}`,
      title: describePool(geometry, true),
      run: async (context) => context.expectClose("avgPool2d", context.keep(context.backend.avgPool2d(context.upload(x), geometry.options)), reference.referenceAvgPool2d(x, geometry.options)),
    });
  }
  return cases;
}

/** Adaptive pooling: shrinking with overlapping windows (13 → 6 as torchvision's 6×6), odd ratios, identity and growing. */
function adaptiveAvgPool2dCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const adaptiveSizes: [number[], [number, number]][] = [
    [[2, 3, 13, 13], [6, 6]],
    [[1, 2, 5, 7], [3, 2]],
    [[1, 3, 4, 4], [4, 4]],
    [[2, 1, 3, 2], [5, 3]],
  ];
  for (const [index, [shape, outputSize]] of adaptiveSizes.entries()) {
    const x = new CaseData(1400 + index).uniform(shape);
    cases.push({
      id: `forward/adaptiveAvgPool2d/${index + 1}`,
      title: `x [${shape}] → [${outputSize}]`,
      run: async (context) => context.expectClose("adaptiveAvgPool2d", context.keep(context.backend.adaptiveAvgPool2d(context.upload(x), outputSize)), reference.referenceAdaptiveAvgPool2d(x, outputSize)),
    });
  }
  return cases;
}

/** LRN over the paper's setting and larger α, sizes 1–6. */
function localResponseNormCases(seeds: number[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 4)) {
    const data = new CaseData(1500 + seed);
    const options = lrnSettings(seed, data);
    const shape = [seed % 2 === 0 ? 2 : 1, data.integer(1, 9), data.integer(1, 4), data.integer(1, 4)];
    const x = data.uniform(shape, -2, 2);
    cases.push({
      id: `forward/localResponseNorm/seed-${seed}`,
      title: `x [${shape}] size ${options.size} alpha ${options.alpha} beta ${options.beta} k ${options.k}`,
      run: async (context) => context.expectClose("localResponseNorm", context.keep(context.backend.localResponseNorm(context.upload(x), options)), reference.referenceLocalResponseNorm(x, options)),
    });
  }
  return cases;
}

/** Batch normalization at inference (given statistics) and in training (the batch's own). */
function batchNormCases(seeds: number[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(1600 + seed);
    const shape = [data.integer(1, 3), data.integer(1, 5), data.integer(1, 5), data.integer(1, 5)];
    const channels = shape[1];
    const x = data.uniform(shape, -2, 3);
    const mean = data.uniform([channels]);
    const variance = data.uniform([channels], 0.1, 2);
    const weight = data.uniform([channels]);
    const bias = data.uniform([channels]);
    const epsilon = [1e-5, 1e-3, 0.1][seed % 3];
    cases.push({
      id: `forward/batchNorm2dInference/seed-${seed}`,
      title: `x [${shape}] epsilon ${epsilon}`,
      run: async (context) => {
        const output = context.backend.batchNorm2dInference(context.upload(x), { mean: context.upload(mean), variance: context.upload(variance), weight: context.upload(weight), bias: context.upload(bias), epsilon });
        await context.expectClose("batchNorm2dInference", context.keep(output), reference.referenceBatchNorm2dInference(x, mean, variance, weight, bias, epsilon));
      },
    });
    const batchShape = [shape[0] + 1, ...shape.slice(1)];
    const batchX = data.uniform(batchShape, -2, 3);
    cases.push({
      id: `forward/batchNorm2dTraining/seed-${seed}`,
      title: `x [${batchShape}] epsilon ${epsilon}`,
      run: async (context) => {
        const result = context.backend.batchNorm2dTraining(context.upload(batchX), { weight: context.upload(weight), bias: context.upload(bias), epsilon });
        const expected = reference.referenceBatchNorm2dTraining(batchX, weight, bias, epsilon);
        await context.expectClose("batchNorm2dTraining output", context.keep(result.output), expected.output);
        await context.expectClose("batchNorm2dTraining mean", context.keep(result.mean), expected.mean);
        await context.expectClose("batchNorm2dTraining variance", context.keep(result.variance), expected.variance);
      },
    });
  }
  return cases;
}

/** Softmax, log-softmax and cross-entropy on the same logits, one seed with large values. */
function softmaxCases(seeds: number[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(1700 + seed);
    const shape = seed === 3 ? [2, 7] : [data.integer(1, 4), data.integer(1, 12)];
    // Seed 3 has large logits: a softmax that does not subtract the maximum overflows (exp(600) is beyond even float64).
    const x = seed === 3 ? data.uniform(shape, 600, 1000) : data.uniform(shape, -5, 5);
    cases.push({
      id: `forward/softmax/seed-${seed}`,
      title: `x [${shape}]${seed === 3 ? " large values" : ""}`,
      run: async (context) => context.expectClose("softmax", context.keep(context.backend.softmax(context.upload(x))), reference.referenceSoftmax(x)),
    });
    cases.push({
      id: `forward/logSoftmax/seed-${seed}`,
      title: `x [${shape}]${seed === 3 ? " large values" : ""}`,
      run: async (context) => context.expectClose("logSoftmax", context.keep(context.backend.logSoftmax(context.upload(x))), reference.referenceLogSoftmax(x)),
    });
    const labels = Int32Array.from({ length: shape[0] }, () => data.integer(0, shape[1] - 1));
    cases.push({
      id: `forward/crossEntropyWithLogits/seed-${seed}`,
      title: `logits [${shape}] labels [${labels}]`,
      run: async (context) => {
        const result = context.backend.crossEntropyWithLogits(context.upload(x), labels);
        const expected = reference.referenceCrossEntropyWithLogits(x, labels);
        await context.expectClose("crossEntropyWithLogits loss", context.keep(result.loss), expected.loss);
        await context.expectClose("crossEntropyWithLogits gradient", context.keep(result.gradient), expected.gradient);
      },
    });
  }
  return cases;
}

/** Dropout masks: must equal dropoutMaskValues exactly, rate 0 included. */
function dropoutMaskCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [index, [shape, rate, seed]] of ([[[2, 3, 4, 5], 0.5, 7], [[3, 11], 0.3, 12345], [[4, 6], 0, 3]] as const).entries()) {
    cases.push({
      id: `forward/dropoutMask/${index + 1}`,
      title: `[${shape}] rate ${rate} seed ${seed} (must match dropoutMaskValues exactly)`,
      run: async (context) => context.expectClose("dropoutMask", context.keep(context.backend.dropoutMask(shape, rate, seed)), reference.referenceDropoutMask([...shape], rate, seed), exact),
    });
  }
  return cases;
}

/** One SGD step with momentum and weight decay, three settings. */
function sgdUpdateCases(seeds: number[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(1800 + seed);
    const shape = [data.integer(1, 5), data.integer(1, 5)];
    const parameter = data.uniform(shape);
    const gradient = data.uniform(shape);
    const velocity = data.uniform(shape);
    const options = [
      { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 },
      { learningRate: 0.1, momentum: 0, weightDecay: 0 },
      { learningRate: 0.5, momentum: 0.5, weightDecay: 0.1 },
    ][seed % 3];
    cases.push({
      id: `forward/sgdUpdate/seed-${seed}`,
      title: `[${shape}] ${JSON.stringify(options)}`,
      run: async (context) => {
        const result = context.backend.sgdUpdate(context.upload(parameter), context.upload(gradient), context.upload(velocity), options);
        const expected = reference.referenceSgdUpdate(parameter, gradient, velocity, options);
        await context.expectClose("sgdUpdate parameter", context.keep(result.parameter), expected.parameter);
        await context.expectClose("sgdUpdate velocity", context.keep(result.velocity), expected.velocity);
      },
    });
  }
  return cases;
}
