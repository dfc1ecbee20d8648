import type { Shape } from "@alexnet-ts/engine";
import { afterAll, describe, expect, it } from "vitest";
import { batchNormBackwardInWasm, batchNormForwardInWasm } from "./batch-norm-wasm.js";
import { createCpuBackend } from "./backend.js";
import { channelSumsInWasm } from "./channel-sums-wasm.js";
import { allocateGemmArray, closeGemm, configureGemm } from "./gemm/index.js";
import { copyPlanesInTypeScript, copyPlanesInWasm, type PlaneCopy } from "./plane-copy.js";
import { reluGradientInWasm } from "./relu-gradient-wasm.js";
import { sgdUpdateInWasm } from "./sgd-wasm.js";
import { randomValues, runWasmAndTypescript, take } from "./test-helpers.js";

// The WebAssembly elementwise kernel does the TypeScript loops' arithmetic in the same order
// (float64 where TypeScript computes in doubles), so every result here must be bit-identical:
// Object.is, not a tolerance. Sizes are not multiples of 4 (the kernels' scalar tails), and the
// threaded cases pass the 65,536 values above which a job runs on every thread.

function inWasm(values: Float32Array): Float32Array {
  const array = allocateGemmArray(values.length, { zeroFilled: false });
  if (array === undefined) throw new Error("no wasm memory here");
  array.set(values);
  return array;
}

/** Asserts the same values element by element, NaN equal to NaN and +0 different from −0 (Object.is). */
function expectSameValues(actual: Float32Array[], expected: Float32Array[]): void {
  expect(actual.map((values) => values.length)).toEqual(expected.map((values) => values.length));
  actual.forEach((values, which) => {
    const first = values.findIndex((value, index) => !Object.is(value, expected[which][index]));
    expect(first, `result ${which}: first difference at ${first} (${values[first]} against ${expected[which][first]})`).toBe(-1);
  });
}

/** Values with the awkward cases sprinkled in every 13 from `first`: ±0, NaN, ±∞, subnormals. */
function awkwardValues(count: number, seed: number, first = 0): Float32Array {
  const values = randomValues(count, seed, -2, 2);
  const specials = [0, -0, Number.NaN, Infinity, -Infinity, 1e-40, -1e-40];
  for (let index = first; index < count; index += 13) values[index] = specials[Math.floor(index / 13) % specials.length];
  return values;
}

describe("the WebAssembly elementwise kernel gives the TypeScript loops' bits", () => {
  afterAll(() => closeGemm());

  const copies: [string, number, (source: Float32Array, target: Float32Array, bias: Float32Array) => PlaneCopy][] = [
    // A chunk matrix [rows × images·length] to NCHW planes of 5 channels, rows 1–3 of them, with bias (one entry 0) and ReLU.
    ["scatter with bias and ReLU", 1, (source, target, bias) => ({
      rows: 3, images: 4, length: 7, source, sourceOffset: 0, sourceRowStride: 28, sourceImageStride: 7,
      target, targetOffset: 7, targetRowStride: 7, targetImageStride: 35, bias, biasOffset: 1, relu: true,
    })],
    // Back, without epilogue.
    ["gather", 1, (source, target) => ({
      rows: 3, images: 4, length: 7, source, sourceOffset: 7, sourceRowStride: 7, sourceImageStride: 35,
      target, targetOffset: 0, targetRowStride: 28, targetImageStride: 7, relu: false,
    })],
    // In place, bias without ReLU: a zero bias must keep −0.
    ["epilogue in place, bias only, threaded", 2, (source, _target, bias) => ({
      rows: 5, images: 30, length: 513, source, sourceOffset: 0, sourceRowStride: 513, sourceImageStride: 5 * 513,
      target: source, targetOffset: 0, targetRowStride: 513, targetImageStride: 5 * 513, bias, biasOffset: 0, relu: false,
    })],
  ];
  for (const [what, threads, layout] of copies) {
    it(`plane copies: ${what}`, () => {
      configureGemm({ kernel: "auto", threads });
      const size = 5 * 30 * 513;
      const bias = Float32Array.of(0.5, 0, -0.25, 2, 0);
      const source = awkwardValues(size, 1);
      const target = randomValues(size, 2);
      const expectedSource = Float32Array.from(source);
      const expectedTarget = Float32Array.from(target);
      const expected = layout(expectedSource, expectedTarget, bias);
      copyPlanesInTypeScript(layout(expected.source, expected.target, bias));
      const wasmSource = inWasm(source);
      const wasmTarget = inWasm(target);
      expect(copyPlanesInWasm(layout(wasmSource, wasmTarget, inWasm(bias)))).toBe(true);
      expectSameValues([wasmSource, wasmTarget], [expectedSource, expectedTarget]);
    });
  }

  const sizes: [string, Shape, number][] = [
    ["small, odd length", [3, 5, 7, 3], 1],
    ["threaded: 2 threads over 64 × 32 × 28 × 28", [64, 32, 28, 28], 2],
  ];
  for (const [what, shape, threads] of sizes) {
    it(`the ReLU gradient, and bias-gradient sums over [N, C, H, W] and [N, F]: ${what}`, async () => {
      const count = shape.reduce((product, size) => product * size, 1);
      const run = async (): Promise<Float32Array[]> => {
        const backend = createCpuBackend();
        const y = backend.upload(awkwardValues(count, 3), shape);
        const dy = backend.upload(awkwardValues(count, 4, 5), shape);
        const x = backend.upload(randomValues(count, 5, -2, 2), shape);
        const flat = backend.reshape(x, [shape[0], count / shape[0]]);
        const results = [
          await take(backend, backend.activationBackward("relu", y, dy)),
          await take(backend, backend.reduce("sum", x, { axes: [0, 2, 3], keepDimensions: false })),
          await take(backend, backend.reduce("mean", x, { axes: [0, 2, 3], keepDimensions: true })),
          await take(backend, backend.reduce("sum", flat, { axes: [0], keepDimensions: false })),
        ];
        for (const tensor of [y, dy, x, flat]) backend.dispose(tensor);
        return results;
      };
      const { wasm, typescript } = await runWasmAndTypescript(run, threads);
      expect(wasm[0].some((value) => Object.is(value, -0)), "−0 gradients kept").toBe(true);
      expectSameValues(wasm, typescript);
    });

    it(`batch normalization in training, forward and backward: ${what}`, async () => {
      const count = shape.reduce((product, size) => product * size, 1);
      const channels = shape[1];
      const run = async (): Promise<Float32Array[]> => {
        const backend = createCpuBackend();
        const x = backend.upload(randomValues(count, 8, -3, 5), shape);
        const dy = backend.upload(randomValues(count, 9), shape);
        const weight = backend.upload(randomValues(channels, 10, 0.5, 1.5), [channels]);
        const bias = backend.upload(randomValues(channels, 11), [channels]);
        const forward = backend.batchNorm2dTraining(x, { weight, bias, epsilon: 1e-5 });
        const gradients = backend.batchNorm2dBackward(x, dy, { mean: forward.mean, variance: forward.variance, weight, epsilon: 1e-5 });
        const results: Float32Array[] = [];
        for (const tensor of [forward.output, forward.mean, forward.variance, gradients.input, gradients.weight, gradients.bias]) results.push(await take(backend, tensor));
        for (const tensor of [x, dy, weight, bias]) backend.dispose(tensor);
        return results;
      };
      const { wasm, typescript } = await runWasmAndTypescript(run, threads);
      expectSameValues(wasm, typescript);
    });

    it(`the SGD update (momentum and weight decay): ${what}`, async () => {
      const count = shape.reduce((product, size) => product * size, 1);
      const run = async (): Promise<Float32Array[]> => {
        const backend = createCpuBackend();
        const parameter = backend.upload(randomValues(count, 5), [count]);
        const gradient = backend.upload(randomValues(count, 6, -1e-3, 1e-3), [count]);
        const velocity = backend.upload(randomValues(count, 7, -1e-2, 1e-2), [count]);
        const next = backend.sgdUpdate(parameter, gradient, velocity, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
        const results = [await take(backend, next.parameter), await take(backend, next.velocity)];
        for (const tensor of [parameter, gradient, velocity]) backend.dispose(tensor);
        return results;
      };
      const { wasm, typescript } = await runWasmAndTypescript(run, threads);
      expectSameValues(wasm, typescript);
    });
  }

  it("runs each op on arrays in wasm memory (where the backend keeps its tensors, so the comparisons above ran the kernel)", () => {
    configureGemm({ kernel: "auto", threads: 2 });
    const array = (length: number): Float32Array => inWasm(randomValues(length, length));
    expect(reluGradientInWasm(array(10), array(10), array(10))).toBe(true);
    expect(channelSumsInWasm(array(24), array(3), 2, 3, 4, 1)).toBe(true);
    const [parameter, gradient, velocity, nextParameter, nextVelocity] = [1, 2, 3, 4, 5].map(() => array(9));
    expect(sgdUpdateInWasm({ parameter, gradient, velocity, nextParameter, nextVelocity }, { learningRate: 0.1, momentum: 0.9, weightDecay: 0 })).toBe(true);
    const layout = { images: 2, channels: 3, positions: 4, epsilon: 1e-5 };
    expect(batchNormForwardInWasm(layout, { x: array(24), y: array(24), mean: array(3), variance: array(3), weight: array(3), bias: array(3) })).toBe(true);
    const gradients = { x: array(24), dy: array(24), dx: array(24), mean: array(3), variance: array(3), weight: array(3), dWeight: array(3), dBias: array(3) };
    expect(batchNormBackwardInWasm(layout, gradients)).toBe(true);
  });

  it("declines arrays outside wasm memory, leaving the work to the TypeScript loops", () => {
    const outside = new Float32Array(8);
    expect(copyPlanesInWasm({
      rows: 1, images: 1, length: 8, source: outside, sourceOffset: 0, sourceRowStride: 8, sourceImageStride: 8,
      target: inWasm(outside), targetOffset: 0, targetRowStride: 8, targetImageStride: 8, relu: true,
    })).toBe(false);
  });
});
