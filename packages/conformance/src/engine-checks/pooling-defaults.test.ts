import { describe, expect, it } from "vitest";
import type { AvgPool2dOptions, Pool2dOptions } from "@alexnet-ts/engine";
import {
  createDefaultsBackend,
  expectGradientMatchesFiniteDifferences,
  expectMatchesReference,
  randomIntegerTensor,
  randomTensor,
  runAndDownload,
} from "./test-support.js";

const pool = (
  kernel: [number, number],
  stride: [number, number],
  padding: [number, number, number, number],
  dilation: [number, number],
  ceilMode: boolean,
): Pool2dOptions => ({ kernel, stride, padding, dilation, ceilMode });

const poolCases: { name: string; input: [number, number, number, number]; options: Pool2dOptions }[] = [
  { name: "AlexNet's overlapping 3×3 stride 2", input: [2, 3, 13, 13], options: pool([3, 3], [2, 2], [0, 0, 0, 0], [1, 1], false) },
  { name: "2×2 stride 2 (non-overlapping)", input: [1, 2, 6, 7], options: pool([2, 2], [2, 2], [0, 0, 0, 0], [1, 1], false) },
  { name: "ceil mode with a partial last window", input: [2, 2, 8, 6], options: pool([3, 3], [2, 2], [0, 0, 0, 0], [1, 1], true) },
  { name: "asymmetric padding, ceil mode", input: [1, 3, 7, 8], options: pool([3, 2], [2, 3], [1, 0, 1, 1], [1, 1], true) },
  { name: "stride larger than kernel", input: [1, 2, 9, 9], options: pool([2, 2], [3, 3], [1, 1, 0, 0], [1, 1], false) },
  { name: "dilation 2", input: [1, 2, 9, 8], options: pool([2, 3], [1, 2], [1, 1, 1, 1], [2, 2], false) },
  { name: "1×1 kernel, stride 2", input: [1, 2, 5, 5], options: pool([1, 1], [2, 2], [0, 0, 0, 0], [1, 1], false) },
];

describe("maxPool2dBackward", () => {
  for (const { name, input, options } of poolCases) {
    it(`matches the reference with many ties (first maximum wins): ${name}`, async () => {
      await expectMatchesReference([randomIntegerTensor(input, 1, 3), randomTensor(outputShape(input, options), 2)], (b, [x, dy]) => {
        const y = b.maxPool2d(x, options);
        try {
          return b.maxPool2dBackward(x, y, dy, options);
        } finally {
          b.dispose(y);
        }
      });
    });
  }

  it("by hand: a window of equal values gives its gradient to the first cell, padding never wins", async () => {
    // 1×1×2×2 of zeros, 2×2 window, stride 1, padding 1: 9 windows, each with the value 0 somewhere.
    const options = pool([2, 2], [1, 1], [1, 1, 1, 1], [1, 1], false);
    const backend = createDefaultsBackend();
    const x = backend.upload(new Float32Array(4), [1, 1, 2, 2]);
    const y = backend.maxPool2d(x, options);
    const dy = backend.upload(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 1, 3, 3]);
    const dx = backend.maxPool2dBackward(x, y, dy, options);
    // Window (i, j) covers rows i−1…i, columns j−1…j; its first real cell in row-major order:
    // (0,0)←1,2,4,5; (0,1)←3,6; (1,0)←7,8; (1,1)←9.
    expect(Array.from(await backend.download(dx))).toEqual([1 + 2 + 4 + 5, 3 + 6, 7 + 8, 9]);
  });

  it("agrees with finite differences where the maximum is unique", async () => {
    const options = poolCases[3].options;
    const input = poolCases[3].input;
    // Distinct values spaced far more than the 1e-2 step, so no window changes its maximum.
    const values = Float32Array.from({ length: input.reduce((a, b) => a * b) }, (_, index) => ((index * 37) % 101) * 0.1);
    await expectGradientMatchesFiniteDifferences(
      { values, shape: input },
      (b, x) => b.maxPool2d(x, options),
      (b, x, dy) => {
        const y = b.maxPool2d(x, options);
        const dx = b.maxPool2dBackward(x, y, dy, options);
        b.dispose(y);
        return dx;
      },
      3,
    );
  });
});

describe("avgPool2d and avgPool2dBackward", () => {
  for (const { name, input, options } of poolCases) {
    for (const countIncludePad of [true, false]) {
      const averaging: AvgPool2dOptions = { ...options, countIncludePad };
      it(`forward matches the reference: ${name}, countIncludePad ${countIncludePad}`, async () => {
        await expectMatchesReference([randomTensor(input, 4)], (b, [x]) => b.avgPool2d(x, averaging));
      });
      it(`backward matches the reference: ${name}, countIncludePad ${countIncludePad}`, async () => {
        await expectMatchesReference([randomTensor(outputShape(input, options), 5)], (b, [dy]) => b.avgPool2dBackward(dy, input, averaging));
      });
    }
  }

  it("by hand: a ceil-mode window past the end padding divides by the cells inside input + padding", async () => {
    // One row 1, 2, 3, 4, 5; kernel 1×2, stride 2, padding 1 on the left only … and ceil mode:
    // windows [pad, 1], [2, 3], [4, 5], and a last one starting at 5's right edge is dropped.
    // Then with padding 0 and ceil mode: windows [1, 2], [3, 4], [5, past the end] → 5 / 1.
    const backend = createDefaultsBackend();
    const x = backend.upload(Float32Array.from([1, 2, 3, 4, 5]), [1, 1, 1, 5]);
    const padded = backend.avgPool2d(x, { ...pool([1, 2], [1, 2], [0, 1, 0, 0], [1, 1], true), countIncludePad: true });
    expect(Array.from(await backend.download(padded))).toEqual([0.5, 2.5, 4.5]);
    const excluded = backend.avgPool2d(x, { ...pool([1, 2], [1, 2], [0, 1, 0, 0], [1, 1], true), countIncludePad: false });
    expect(Array.from(await backend.download(excluded))).toEqual([1, 2.5, 4.5]);
    const partial = backend.avgPool2d(x, { ...pool([1, 2], [1, 2], [0, 0, 0, 0], [1, 1], true), countIncludePad: true });
    expect(Array.from(await backend.download(partial))).toEqual([1.5, 3.5, 5]);
  });
});

describe("adaptiveAvgPool2d and its backward", () => {
  const adaptiveCases: { input: [number, number, number, number]; output: [number, number] }[] = [
    { input: [2, 3, 7, 5], output: [3, 2] }, // uneven, overlapping windows
    { input: [1, 2, 5, 9], output: [5, 4] },
    { input: [1, 2, 12, 6], output: [4, 3] }, // divides: plain average pooling
    { input: [2, 2, 6, 6], output: [6, 6] }, // torchvision AlexNet at 224: the identity
    { input: [1, 3, 2, 3], output: [5, 4] }, // output larger than input: windows repeat cells
  ];
  for (const { input, output } of adaptiveCases) {
    it(`forward matches the reference: ${input.join("×")} → ${output.join("×")}`, async () => {
      await expectMatchesReference([randomTensor(input, 6)], (b, [x]) => b.adaptiveAvgPool2d(x, output));
    });
    it(`backward matches the reference: ${input.join("×")} → ${output.join("×")}`, async () => {
      await expectMatchesReference([randomTensor([input[0], input[1], ...output], 7)], (b, [dy]) => b.adaptiveAvgPool2dBackward(dy, input));
    });
  }

  it("by hand: 3 → 2 averages rows 0–1 and 1–2", async () => {
    const backend = createDefaultsBackend();
    const x = backend.upload(Float32Array.from([1, 2, 4]), [1, 1, 3, 1]);
    const { output } = await runAndDownload(backend, [], (b) => b.adaptiveAvgPool2d(x, [2, 1]));
    expect(Array.from(output.values)).toEqual([1.5, 3]);
  });
});

/** [N, C, Ho, Wo] of a pooling, from the defaults backend's own maxPool2d. */
function outputShape(input: [number, number, number, number], options: Pool2dOptions): number[] {
  const backend = createDefaultsBackend();
  const x = backend.upload(new Float32Array(input.reduce((a, b) => a * b)), input);
  return [...backend.maxPool2d(x, options).shape];
}
