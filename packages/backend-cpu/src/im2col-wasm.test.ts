import type { Pool2dOptions, Shape } from "@alexnet-ts/engine";
import { afterAll, describe, expect, it } from "vitest";
import { allocateGemmArray, closeGemm, configureGemm } from "./gemm/index.js";
import { poolGeometry } from "./geometry.js";
import { col2im, im2col } from "./im2col.js";
import { unfoldInWasm } from "./im2col-wasm.js";
import { randomValues } from "./test-helpers.js";

function inWasm(values: Float32Array): Float32Array {
  const array = allocateGemmArray(values.length, { zeroFilled: false });
  if (array === undefined) throw new Error("no wasm memory here");
  array.set(values);
  return array;
}

// The WebAssembly kernel does the TypeScript loops' copies and additions in the same order:
// bit-identical results, several images side by side in one column matrix (as convolution.ts
// lays out a chunk), for a range of window geometries.
describe("im2col and col2im in the WebAssembly ops kernel", () => {
  afterAll(() => closeGemm());

  const cases: [string, Shape, Pool2dOptions, number][] = [
    ["5×5, padding 2 (the small variant's conv1 and conv2)", [3, 4, 13, 13], { kernel: [5, 5], stride: [1, 1], padding: [2, 2, 2, 2], dilation: [1, 1], ceilMode: false } as Pool2dOptions, 1],
    ["11×11 stride 4 (conv1 of the big variants), threaded", [2, 3, 35, 35], { kernel: [11, 11], stride: [4, 4], padding: [2, 2, 2, 2], dilation: [1, 1], ceilMode: false } as Pool2dOptions, 2],
    ["uneven padding, dilation, stride 2 across", [2, 2, 9, 10], { kernel: [3, 2], stride: [1, 2], padding: [1, 0, 2, 3], dilation: [2, 1], ceilMode: false } as Pool2dOptions, 1],
    ["3×3 padding 1, threaded over 32 images", [32, 8, 6, 6], { kernel: [3, 3], stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], ceilMode: false } as Pool2dOptions, 2],
    ["stride 1, outputs as wide as the input: uneven padding, a kernel as wide as the image", [2, 3, 4, 4], { kernel: [5, 4], stride: [1, 1], padding: [2, 1, 1, 2], dilation: [1, 1], ceilMode: false } as Pool2dOptions, 1],
    ["stride 1, outputs as wide as the input, taps reaching past both edges", [1, 2, 2, 3], { kernel: [3, 7], stride: [1, 1], padding: [1, 3, 1, 3], dilation: [1, 1], ceilMode: false } as Pool2dOptions, 1],
  ];
  for (const [what, shape, options, threads] of cases) {
    it(`gives the TypeScript loops' values: ${what}`, () => {
      configureGemm({ kernel: "auto", threads });
      const geometry = poolGeometry("test", shape, options);
      const [images, channels, height, width] = shape;
      const plane = height * width;
      const positions = geometry.outputHeight * geometry.outputWidth;
      const span = images * positions;
      const rows = channels * geometry.kernelHeight * geometry.kernelWidth;
      const x = inWasm(randomValues(images * channels * plane, 7));
      const expected = new Float32Array(rows * span).fill(Number.NaN);
      for (let image = 0; image < images; image++) im2col(geometry, x, image * channels * plane, channels, expected, image * positions, span);
      const columns = inWasm(new Float32Array(rows * span).fill(Number.NaN));
      expect(unfoldInWasm("im2col", geometry, x, 0, channels * plane, channels, images, columns, span)).toBe(true);
      expect(columns).toEqual(expected);
      // col2im onto a non-zero start, so the additions' order shows.
      const start = randomValues(images * channels * plane, 8);
      const folded = Float32Array.from(start);
      for (let image = 0; image < images; image++) col2im(geometry, expected, image * positions, span, channels, folded, image * channels * plane);
      const dx = inWasm(start);
      expect(unfoldInWasm("col2im", geometry, dx, 0, channels * plane, channels, images, columns, span)).toBe(true);
      expect(dx).toEqual(folded);
    });
  }

  it("declines arrays outside wasm memory, leaving the work to the TypeScript loops", () => {
    const geometry = poolGeometry("test", [1, 1, 4, 4], { kernel: [3, 3], stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false } as Pool2dOptions);
    expect(unfoldInWasm("im2col", geometry, new Float32Array(16), 0, 16, 1, 1, new Float32Array(36), 4)).toBe(false);
  });
});
