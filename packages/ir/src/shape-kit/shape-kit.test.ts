import { describe, expect, it } from "vitest";
import { broadcastShape, convolutionOutputShape, elementCount, formatDimensions, formatShape, poolingOutputShape, slidingWindowLength, stridesOf, windowOutputSize } from "./index.js";

describe("the shape kit", () => {
  it("counts elements and row-major strides, a scalar having one element and no strides", () => {
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([])).toBe(1);
    expect(elementCount([5, 0])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
  });

  it("formats shapes for messages and for summaries", () => {
    expect(formatShape([1, 96, 55, 55])).toBe("[1, 96, 55, 55]");
    expect(formatDimensions([256, 6, 6])).toBe("256×6×6");
  });

  it("broadcasts as NumPy does, aligned at the right, and names the op and axis when it cannot", () => {
    expect(broadcastShape([2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShape([], [5])).toEqual([5]);
    expect(() => broadcastShape([2, 3], [4], "add")).toThrow("add: shapes [2, 3] and [4] do not broadcast (axis 1: 3 vs 4)");
  });

  it("computes sliding-window lengths as PyTorch does (AlexNet's conv1 and pool1, ceil mode, no fit)", () => {
    // conv1: 224 + 2·2 padding, 11-wide kernel, stride 4 → 55; pool1: 55, 3-wide, stride 2 → 27.
    expect(windowOutputSize(224, 224, { kernel: [11, 11], stride: [4, 4], padding: [2, 2, 2, 2], dilation: [1, 1] })).toEqual([55, 55]);
    expect(windowOutputSize(55, 55, { kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false })).toEqual([27, 27]);
    // Ceil mode keeps a last partial window (6 → 3), but never one that starts in the end padding only.
    expect(slidingWindowLength({ inputLength: 6, kernel: 3, stride: 2, padBefore: 0, padAfter: 0, dilation: 1, ceilMode: true })).toBe(3);
    expect(slidingWindowLength({ inputLength: 5, kernel: 2, stride: 2, padBefore: 1, padAfter: 1, dilation: 1, ceilMode: true })).toBe(3);
    expect(slidingWindowLength({ inputLength: 2, kernel: 5, stride: 1, padBefore: 0, padAfter: 0, dilation: 1, ceilMode: false })).toBe(0);
  });

  it("checks convolution and pooling shapes, each error naming the op", () => {
    const geometry = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 2 } as const;
    expect(convolutionOutputShape("conv2d", [1, 4, 8, 8], [6, 2, 3, 3], geometry)).toEqual([1, 6, 8, 8]);
    expect(() => convolutionOutputShape("conv2d", [1, 4, 8, 8], [6, 4, 3, 3], geometry)).toThrow(/^conv2d: channel mismatch/);
    expect(() => convolutionOutputShape("conv2d", [1, 4, 8], [6, 2, 3, 3], geometry)).toThrow(/^conv2d: input must be \[N, C, H, W\]/);
    const window = { kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false } as const;
    expect(poolingOutputShape("maxPool2d", [2, 3, 55, 55], window)).toEqual([2, 3, 27, 27]);
    expect(() => poolingOutputShape("maxPool2d", [2, 3, 2, 2], window)).toThrow("maxPool2d: a 3×3 window does not fit a 2×2 input");
  });
});
