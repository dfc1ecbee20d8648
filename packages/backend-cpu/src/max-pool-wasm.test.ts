import type { Pool2dOptions, Shape } from "@alexnet-ts/engine";
import { afterAll, describe, expect, it } from "vitest";
import { createCpuBackend } from "./backend.js";
import { closeGemm } from "./gemm/index.js";
import { randomValues, runWasmAndTypescript, take } from "./test-helpers.js";

// The WebAssembly max-pooling kernel follows the TypeScript loops' rules exactly (padding never
// wins, NaN propagates, the gradient goes to each window's first maximum): bit-identical results.
async function poolBothWays(shape: Shape, options: Pool2dOptions, values: Float32Array, threads: number): Promise<{ wasm: Float32Array[]; typescript: Float32Array[] }> {
  const run = async (): Promise<Float32Array[]> => {
    const backend = createCpuBackend();
    const x = backend.upload(values, shape);
    const y = backend.maxPool2d(x, options);
    const yValues = await backend.download(y);
    const dy = backend.upload(randomValues(yValues.length, 9), (y as { shape: Shape }).shape);
    const dx = backend.maxPool2dBackward(x, y, dy, options);
    const results = [await take(backend, y), await take(backend, dx)];
    backend.dispose(x);
    backend.dispose(dy);
    return results;
  };
  return runWasmAndTypescript(run, threads);
}

const plain = { kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false } as Pool2dOptions;
// Stride 1 with padding above and below only: the vector path (four outputs at a time) at stride 1.
const strideOne = { kernel: [3, 2], stride: [1, 1], padding: [1, 0, 2, 0], dilation: [1, 1], ceilMode: false } as Pool2dOptions;

describe("max pooling in the WebAssembly ops kernel", () => {
  afterAll(() => closeGemm());

  const cases: [string, Shape, Pool2dOptions, number][] = [
    ["AlexNet's overlapping 3×3 stride 2", [2, 3, 13, 13], plain, 1],
    ["padding, dilation and ceil mode", [1, 2, 9, 8], { kernel: [3, 2], stride: [2, 3], padding: [1, 2, 0, 1], dilation: [2, 1], ceilMode: true } as Pool2dOptions, 1],
    ["threaded: 2 threads over 64 planes of 28×28", [4, 16, 28, 28], plain, 2],
    ["stride 1, padding above and below only", [2, 3, 12, 14], strideOne, 1],
  ];
  for (const [what, shape, options, threads] of cases) {
    it(`gives the TypeScript path's results forward and backward: ${what}`, async () => {
      const count = shape.reduce((product, size) => product * size, 1);
      const { wasm, typescript } = await poolBothWays(shape, options, randomValues(count, 5), threads);
      expect(wasm).toEqual(typescript);
    });
  }

  for (const [what, options] of [["stride 2", plain], ["stride 1", strideOne]] as const) {
    it(`ties go to the first maximum and NaN propagates, as in the TypeScript path: ${what}`, async () => {
      // Rounded values give many ties (−0 among them); a few NaNs poison their windows.
      const values = randomValues(2 * 3 * 11 * 11, 6).map((value) => Math.round(value * 2));
      for (const index of [5, 77, 300, 601]) values[index] = Number.NaN;
      const { wasm, typescript } = await poolBothWays([2, 3, 11, 11], options, values, 1);
      expect(wasm[0].some(Number.isNaN)).toBe(true);
      expect(wasm[0].every((value, index) => Object.is(value, typescript[0][index])), "the same bits, ±0 included").toBe(true);
      expect(wasm).toEqual(typescript);
    });
  }
});
