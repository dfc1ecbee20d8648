import type { Conv2dOptions } from "@alexnet-ts/engine";
import {
  referenceConv2d,
  referenceConv2dBackwardFilter,
  referenceConv2dBackwardInput,
  referenceTensor,
} from "@alexnet-ts/conformance/reference";
import { afterAll, describe, expect, it } from "vitest";
import { createCpuBackend } from "../backend.js";
import { configureGemm } from "../gemm/index.js";
import { randomValues, take } from "../test-helpers.js";
import { configureConvolution } from "./algorithm.js";

/** A 3×3 stride-1 case: input [N, C, H, W], O output channels, padding [top, left, bottom, right]. */
interface Case {
  readonly label: string;
  readonly input: [number, number, number, number];
  readonly outChannels: number;
  readonly padding: [number, number, number, number];
  readonly groups: number;
}

const cases: Case[] = [
  { label: "13×13 pad 1, batch 3 (7 tiles across: the last vector overlaps)", input: [3, 8, 13, 13], outChannels: 12, padding: [1, 1, 1, 1], groups: 1 },
  { label: "8×8 pad 1, 2 groups (4 tiles across, exactly one vector)", input: [2, 6, 8, 8], outChannels: 10, padding: [1, 1, 1, 1], groups: 2 },
  { label: "6×6 pad 1, 2 groups (3 tiles across: the TypeScript transforms)", input: [4, 8, 6, 6], outChannels: 8, padding: [1, 1, 1, 1], groups: 2 },
  { label: "10×9, asymmetric padding [0, 1, 2, 0] (odd and even sides)", input: [2, 5, 10, 9], outChannels: 7, padding: [0, 1, 2, 0], groups: 1 },
  { label: "7×7 pad 3 (the input gradient crops: padding 2 − 3 = −1)", input: [1, 4, 7, 7], outChannels: 5, padding: [3, 3, 3, 3], groups: 1 },
  { label: "40×40 pad 1, batch 3 (400 tiles an image: chunks of 2 images, then 1)", input: [3, 3, 40, 40], outChannels: 4, padding: [1, 1, 1, 1], groups: 1 },
];

const convolutionOptions = (testCase: Case): Conv2dOptions => ({ stride: [1, 1], padding: testCase.padding, dilation: [1, 1], groups: testCase.groups });
const count = (shape: readonly number[]): number => shape.reduce((product, dimension) => product * dimension, 1);

/** The worst |got − expected| over max |expected| (the scale a float32 sum's error grows with). */
function relativeError(got: Float32Array, expected: Float64Array): number {
  let largest = 0;
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    largest = Math.max(largest, Math.abs(expected[index]));
    worst = Math.max(worst, Math.abs(got[index] - expected[index]));
  }
  return worst / largest;
}

interface Errors {
  forward: number;
  fused: number;
  inputGradient: number;
  filterGradient: number;
}

/** The four convolution ops of one case on a fresh backend, each against the float64 reference. */
async function measure(testCase: Case, seed: number): Promise<Errors> {
  const backend = createCpuBackend();
  const options = convolutionOptions(testCase);
  const [, channels] = testCase.input;
  const filterShape = [testCase.outChannels, channels / testCase.groups, 3, 3];
  const inputValues = randomValues(count(testCase.input), seed);
  const filterValues = randomValues(count(filterShape), seed + 1);
  const biasValues = randomValues(testCase.outChannels, seed + 2);
  const x = referenceTensor(testCase.input, inputValues);
  const w = referenceTensor(filterShape, filterValues);
  const expected = referenceConv2d(x, w, options);
  const plane = expected.shape[2] * expected.shape[3];
  const fused = expected.data.map((value, index) => Math.max(0, value + biasValues[Math.floor(index / plane) % testCase.outChannels]));
  const dyValues = randomValues(expected.data.length, seed + 3);
  const dy = referenceTensor(expected.shape, dyValues);

  const xTensor = backend.upload(inputValues, testCase.input);
  const filter = backend.upload(filterValues, filterShape);
  const bias = backend.upload(biasValues, [testCase.outChannels]);
  const dyTensor = backend.upload(dyValues, expected.shape);
  const errors = {
    forward: relativeError(await take(backend, backend.conv2d(xTensor, filter, options)), expected.data),
    fused: relativeError(await take(backend, backend.conv2dBiasActivation(xTensor, filter, bias, { ...options, activation: "relu" })), fused),
    inputGradient: relativeError(
      await take(backend, backend.conv2dBackwardInput(dyTensor, filter, testCase.input, options)),
      referenceConv2dBackwardInput(dy, w, testCase.input, options).data,
    ),
    filterGradient: relativeError(
      await take(backend, backend.conv2dBackwardFilter(xTensor, dyTensor, filterShape, options)),
      referenceConv2dBackwardFilter(x, dy, filterShape, options).data,
    ),
  };
  for (const tensor of [xTensor, filter, bias, dyTensor]) backend.dispose(tensor);
  expect(backend.liveTensorCount()).toBe(0);
  return errors;
}

const worst = (errors: Errors): number => Math.max(errors.forward, errors.fused, errors.inputGradient, errors.filterGradient);

afterAll(() => {
  configureConvolution({ algorithm: "auto" });
  configureGemm({ kernel: "auto" });
});

// Small sums (≤ 8·9 terms of size ≤ 1): a float32 sum is off by ≤ K·2⁻²⁴ of the terms' size, and
// F(2×2, 3×3)'s transforms grow the terms by at most ‖Bᵀ‖²·‖G‖²·‖Aᵀ‖² in row sums (4 · 2.25 · 9,
// mostly cancelling); measured worst here 5.2e-7 of the largest value with the WebAssembly
// kernel's f32 transforms, 1.3e-7 with TypeScript's float64 ones. 1e-5 leaves 20× margin while
// still failing on any wrong index or coefficient (errors of order 1).
const smallTolerance = 1e-5;

describe("Winograd F(2×2, 3×3) against the float64 reference", () => {
  for (const testCase of cases) {
    it(`${testCase.label}: forward, bias + ReLU, both gradients, WebAssembly and TypeScript transforms`, async () => {
      configureConvolution({ algorithm: "winograd" });
      for (const kernel of ["auto", "typescript"] as const) {
        configureGemm({ kernel, threads: 2 });
        const errors = await measure(testCase, 10);
        expect(worst(errors), `${kernel}: ${JSON.stringify(errors)}`).toBeLessThan(smallTolerance);
      }
    });
  }

  it("gives the same results as im2col + gemm, to rounding, and exactly those with the switch off", async () => {
    const testCase = cases[0];
    configureGemm({ kernel: "auto", threads: 2 });
    configureConvolution({ algorithm: "gemm" });
    const backend = createCpuBackend();
    const options = convolutionOptions(testCase);
    const x = backend.upload(randomValues(count(testCase.input), 20), testCase.input);
    const filter = backend.upload(randomValues(testCase.outChannels * testCase.input[1] * 9, 21), [testCase.outChannels, testCase.input[1], 3, 3]);
    const gemmResult = await take(backend, backend.conv2d(x, filter, options));
    expect(await take(backend, backend.conv2d(x, filter, options))).toEqual(gemmResult);
    configureConvolution({ algorithm: "winograd" });
    const winogradResult = await take(backend, backend.conv2d(x, filter, options));
    expect(winogradResult).not.toEqual(gemmResult);
    expect(relativeError(winogradResult, Float64Array.from(gemmResult))).toBeLessThan(smallTolerance);
    backend.dispose(x);
    backend.dispose(filter);
  });
});

// AlexNet's 3×3 layers at full width: seed-keras conv3–5 (256→384→384→256 channels) on 7×7 rather
// than 13×13 images — the error grows with the summed terms, K = C·9, not with the image, and the
// float64 reference takes 3.4× less time (scripts/winograd-accuracy.mjs measures 13×13) — and
// the small variant's conv3–5 (6×6, 64→96, 96→96 in 2 groups, 96→64 in 2 groups; TypeScript
// transforms: 3 tiles across).
const alexnetCases: Case[] = [
  { label: "seed-keras conv3 [1, 256, 7, 7] → 384", input: [1, 256, 7, 7], outChannels: 384, padding: [1, 1, 1, 1], groups: 1 },
  { label: "seed-keras conv4 [1, 384, 7, 7] → 384", input: [1, 384, 7, 7], outChannels: 384, padding: [1, 1, 1, 1], groups: 1 },
  { label: "seed-keras conv5 [1, 384, 7, 7] → 256", input: [1, 384, 7, 7], outChannels: 256, padding: [1, 1, 1, 1], groups: 1 },
  { label: "small conv3 [8, 64, 6, 6] → 96", input: [8, 64, 6, 6], outChannels: 96, padding: [1, 1, 1, 1], groups: 1 },
  { label: "small conv4 [8, 96, 6, 6] → 96, 2 groups", input: [8, 96, 6, 6], outChannels: 96, padding: [1, 1, 1, 1], groups: 2 },
  { label: "small conv5 [8, 96, 6, 6] → 64, 2 groups", input: [8, 96, 6, 6], outChannels: 64, padding: [1, 1, 1, 1], groups: 2 },
];

// The bound stated in docs/performance.md ("Winograd"): the worst error over the largest value
// is ≤ 2e-6 at these widths — measured ≤ 7.6e-7 here and ≤ 5.7e-7 on 13×13 (im2col + gemm on
// 13×13: ≤ 5.1e-7, Winograd at most 1.9× more) — far inside the conformance suite's relative 1e-4 + absolute 2e-5 of
// the largest value, and 10⁵ below the error of a wrong tap or coefficient.
const alexnetBound = 2e-6;

describe("Winograd's error on AlexNet's 3×3 layers (the bound in docs/performance.md)", () => {
  for (const testCase of alexnetCases) {
    it(`${testCase.label}: every op within ${alexnetBound} of the largest output`, async () => {
      configureGemm({ kernel: "auto", threads: 2 });
      configureConvolution({ algorithm: "winograd" });
      const errors = await measure(testCase, 30);
      expect(worst(errors), JSON.stringify(errors)).toBeLessThan(alexnetBound);
    });
  }
});
