import { describe, expect, it } from "vitest";
import {
  adaptiveWindow,
  referenceAvgPool2d,
  referenceConcat,
  referenceConv2d,
  referenceLocalResponseNorm,
  referenceMatmul,
  referenceMaxPool2dBackward,
  referenceSlice,
  referenceTensor,
} from "./index.js";

// Hand-worked examples: each expected value below is computed by hand, not by the code under test.
describe("reference ops on hand-worked examples", () => {
  it("matmul with and without transposes", () => {
    const a = referenceTensor([2, 2], [1, 2, 3, 4]);
    const b = referenceTensor([2, 2], [5, 6, 7, 8]);
    expect([...referenceMatmul(a, b, false, false).data]).toEqual([19, 22, 43, 50]);
    expect([...referenceMatmul(a, b, true, false).data]).toEqual([26, 30, 38, 44]);
    expect([...referenceMatmul(a, b, false, true).data]).toEqual([17, 23, 39, 53]);
    expect(() => referenceMatmul(referenceTensor([2, 3]), referenceTensor([4, 5]), false, false)).toThrow(/matmul/);
  });

  it("conv2d with stride 2, padding 1 and two groups", () => {
    // 1 image, 2 channels of 3×3 (values 1..9 and 10..18), 2 groups of one 1×1 filter each.
    const x = referenceTensor([1, 2, 3, 3], Array.from({ length: 18 }, (_, i) => i + 1));
    const filter = referenceTensor([2, 1, 1, 1], [1, 10]);
    const options = { stride: [2, 2], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 2 } as const;
    // Output 3×3 per channel at input positions −1, 1, 3 along each axis: only (1, 1) is real,
    // so each channel is zero but its centre: x[0][1][1] = 5 and 10 · x[1][1][1] = 140.
    const y = referenceConv2d(x, filter, options);
    expect(y.shape).toEqual([1, 2, 3, 3]);
    expect([...y.data]).toEqual([0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 140, 0, 0, 0, 0]);
  });

  it("slice walks backwards with a negative step", () => {
    const x = referenceTensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect([...referenceSlice(x, [1, 2], [2, 2], [-1, -2]).data]).toEqual([6, 4, 3, 1]);
  });

  it("concat along a middle axis", () => {
    const a = referenceTensor([2, 1, 2], [1, 2, 3, 4]);
    const b = referenceTensor([2, 2, 2], [5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...referenceConcat([a, b], 1).data]).toEqual([1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12]);
  });

  it("LRN applies alpha to the plain sum over an asymmetric window", () => {
    // size 2: window c − 0 … c + 1. Channels 1, 2: y0 = 1 / (1 + 1·(1 + 4)), y1 = 2 / (1 + 4).
    const x = referenceTensor([1, 2, 1, 1], [1, 2]);
    const y = referenceLocalResponseNorm(x, { size: 2, alpha: 1, beta: 1, k: 1 });
    expect(y.data[0]).toBeCloseTo(1 / 6, 12);
    expect(y.data[1]).toBeCloseTo(2 / 5, 12);
  });

  it("adaptive windows follow PyTorch's floor/ceil rule", () => {
    expect([0, 1, 2].map((i) => adaptiveWindow(i, 5, 3))).toEqual([
      [0, 2],
      [1, 4],
      [3, 5],
    ]);
  });

  it("average pooling in ceil mode divides by the window clipped to the padded input", () => {
    // 1×1×2×2 input, kernel 3, stride 3, padding 1, ceil mode: one window covering the padded 4×4 corner.
    const x = referenceTensor([1, 1, 2, 2], [1, 2, 3, 4]);
    const base = { kernel: [3, 3], stride: [3, 3], padding: [1, 1, 1, 1], dilation: [1, 1], ceilMode: true } as const;
    expect([...referenceAvgPool2d(x, { ...base, countIncludePad: true }).data]).toEqual([10 / 9]);
    expect([...referenceAvgPool2d(x, { ...base, countIncludePad: false }).data]).toEqual([10 / 4]);
  });

  it("max pooling's gradient goes to the first maximum of a tied window", () => {
    const x = referenceTensor([1, 1, 2, 2], [3, 3, 3, 3]);
    const dy = referenceTensor([1, 1, 1, 1], [7]);
    const options = { kernel: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false } as const;
    expect([...referenceMaxPool2dBackward(x, dy, options).data]).toEqual([7, 0, 0, 0]);
  });
});
