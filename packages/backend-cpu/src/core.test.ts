import { describe, expect, it } from "vitest";
import { createCpuBackend } from "./backend.js";
import { take } from "./test-helpers.js";

const f32 = (values: number[]): number[] => values.map((value) => Math.fround(value));

describe("core ops on hand-checked cases", () => {
  it("unary functions", async () => {
    const backend = createCpuBackend();
    const x = backend.upload(Float32Array.from([-2, 0, 0.5, 4]), [2, 2]);
    expect(Array.from(await take(backend, backend.unary("negate", x)))).toEqual([2, -0, -0.5, -4]);
    expect(Array.from(await take(backend, backend.unary("abs", x)))).toEqual([2, 0, 0.5, 4]);
    expect(Array.from(await take(backend, backend.unary("square", x)))).toEqual([4, 0, 0.25, 16]);
    expect(Array.from(await take(backend, backend.unary("relu", x)))).toEqual([0, 0, 0.5, 4]);
    expect(Array.from(await take(backend, backend.unary("step", x)))).toEqual([0, 0, 1, 1]);
    expect(Array.from(await take(backend, backend.unary("reciprocal", x)))).toEqual([-0.5, Infinity, 2, 0.25]);
    expect(Array.from(await take(backend, backend.unary("exp", x)))).toEqual(f32([Math.exp(-2), 1, Math.exp(0.5), Math.exp(4)]));
    expect(Array.from(await take(backend, backend.unary("tanh", x)))).toEqual(f32([Math.tanh(-2), 0, Math.tanh(0.5), Math.tanh(4)]));
    backend.dispose(x);
    // ReLU works on the sign bit: −∞ and −0 become +0, NaN stays NaN.
    const edges = backend.upload(Float32Array.from([-Infinity, -0, 3, Number.NaN, Infinity]), [5]);
    expect(Array.from(await take(backend, backend.unary("relu", edges)))).toEqual([0, 0, 3, Number.NaN, Infinity]);
    expect(Object.is((await take(backend, backend.unary("relu", edges)))[1], 0)).toBe(true);
    backend.dispose(edges);
  });

  it("binary functions broadcast as NumPy does", async () => {
    const backend = createCpuBackend();
    const column = backend.upload(Float32Array.from([1, 2, 3]), [3, 1]);
    const row = backend.upload(Float32Array.from([10, 20]), [2]);
    const scalar = backend.upload(Float32Array.from([2]), []);
    const result = backend.binary("add", column, row);
    expect(result.shape).toEqual([3, 2]);
    expect(Array.from(await take(backend, result))).toEqual([11, 21, 12, 22, 13, 23]);
    expect(Array.from(await take(backend, backend.binary("subtract", row, column)))).toEqual([9, 19, 8, 18, 7, 17]);
    expect(Array.from(await take(backend, backend.binary("power", column, scalar)))).toEqual([1, 4, 9]);
    expect(Array.from(await take(backend, backend.binary("greater", column, scalar)))).toEqual([0, 0, 1]);
    expect(Array.from(await take(backend, backend.binary("equal", scalar, column)))).toEqual([0, 1, 0]);
    expect(Array.from(await take(backend, backend.binary("maximum", column, scalar)))).toEqual([2, 2, 3]);
    expect(Array.from(await take(backend, backend.binary("divide", row, scalar)))).toEqual([5, 10]);
    // [2, 1, 3] with [4, 1]: every axis stretches.
    const a = backend.upload(Float32Array.from([0, 1, 2, 3, 4, 5]), [2, 1, 3]);
    const b = backend.upload(Float32Array.from([0, 10, 20, 30]), [4, 1]);
    const product = backend.binary("add", a, b);
    expect(product.shape).toEqual([2, 4, 3]);
    const values = await take(backend, product);
    expect(values[0 * 12 + 2 * 3 + 1]).toBe(21);
    expect(values[1 * 12 + 3 * 3 + 2]).toBe(35);
    for (const tensor of [column, row, scalar, a, b]) backend.dispose(tensor);
    expect(backend.liveTensorCount()).toBe(0);
  });

  it("reduce: sum, max and mean over axes, with and without kept dimensions", async () => {
    const backend = createCpuBackend();
    // x[i][j][k] = 100 i + 10 j + k, shape [2, 3, 2]
    const x = backend.upload(Float32Array.from([0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121]), [2, 3, 2]);
    const sum = backend.reduce("sum", x, { axes: [1], keepDimensions: false });
    expect(sum.shape).toEqual([2, 2]);
    expect(Array.from(await take(backend, sum))).toEqual([30, 33, 330, 333]);
    const max = backend.reduce("max", x, { axes: [0, 2], keepDimensions: true });
    expect(max.shape).toEqual([1, 3, 1]);
    expect(Array.from(await take(backend, max))).toEqual([101, 111, 121]);
    const mean = backend.reduce("mean", x, { axes: [0, 1, 2], keepDimensions: false });
    expect(mean.shape).toEqual([]);
    expect(Array.from(await take(backend, mean))).toEqual([60.5]);
    backend.dispose(x);
  });

  it("matmul with either operand transposed", async () => {
    const backend = createCpuBackend();
    const a = backend.upload(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    const b = backend.upload(Float32Array.from([1, 0, 0, 1, 1, 1]), [3, 2]);
    expect(Array.from(await take(backend, backend.matmul(a, b, { transposeA: false, transposeB: false })))).toEqual([4, 5, 10, 11]);
    // aᵀ·a is [3, 3]; a·aᵀ is [2, 2].
    expect(Array.from(await take(backend, backend.matmul(a, a, { transposeA: false, transposeB: true })))).toEqual([14, 32, 32, 77]);
    expect(Array.from(await take(backend, backend.matmul(a, a, { transposeA: true, transposeB: false })))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    backend.dispose(a);
    backend.dispose(b);
  });

  it("maxPool2d: overlapping windows, and padding that never wins over negative values", async () => {
    const backend = createCpuBackend();
    const x = backend.upload(Float32Array.from({ length: 16 }, (_, index) => index), [1, 1, 4, 4]);
    const pooled = backend.maxPool2d(x, { kernel: [3, 3], stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false });
    expect(Array.from(await take(backend, pooled))).toEqual([10, 11, 14, 15]);
    const negative = backend.upload(Float32Array.from([-5, -4, -3, -2]), [1, 1, 2, 2]);
    const padded = backend.maxPool2d(negative, { kernel: [2, 2], stride: [2, 2], padding: [1, 1, 1, 1], dilation: [1, 1], ceilMode: false });
    expect(Array.from(await take(backend, padded))).toEqual([-5, -4, -3, -2]);
    backend.dispose(x);
    backend.dispose(negative);
  });

  it("avgPool2d divides by the padded window only when asked (ONNX's ceil-mode case)", async () => {
    const backend = createCpuBackend();
    const x = backend.upload(Float32Array.from([1, 2, 3, 4]), [1, 1, 2, 2]);
    const options = { kernel: [3, 3], stride: [3, 3], padding: [1, 1, 1, 1], dilation: [1, 1], ceilMode: true } as const;
    expect(Array.from(await take(backend, backend.avgPool2d(x, { ...options, countIncludePad: true })))).toEqual([10 / 9].map(Math.fround));
    expect(Array.from(await take(backend, backend.avgPool2d(x, { ...options, countIncludePad: false })))).toEqual([2.5]);
    backend.dispose(x);
  });

  it("transpose, pad, slice (including a reversed axis) and concat", async () => {
    const backend = createCpuBackend();
    const x = backend.upload(Float32Array.from([0, 1, 2, 3, 4, 5]), [2, 3]);
    const transposed = backend.transpose(x, [1, 0]);
    expect(transposed.shape).toEqual([3, 2]);
    expect(Array.from(await take(backend, transposed))).toEqual([0, 3, 1, 4, 2, 5]);
    const padded = backend.pad(x, [[1, 0], [0, 2]], 9);
    expect(padded.shape).toEqual([3, 5]);
    expect(Array.from(await take(backend, padded))).toEqual([9, 9, 9, 9, 9, 0, 1, 2, 9, 9, 3, 4, 5, 9, 9]);
    const cropped = backend.pad(x, [[0, 0], [-1, 0]], 0);
    expect(Array.from(await take(backend, cropped))).toEqual([1, 2, 4, 5]);
    const reversed = backend.slice(x, { begin: [1, 2], size: [2, 2], step: [-1, -2] });
    expect(Array.from(await take(backend, reversed))).toEqual([5, 3, 2, 0]);
    const joined = backend.concat([x, x], 1);
    expect(joined.shape).toEqual([2, 6]);
    expect(Array.from(await take(backend, joined))).toEqual([0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5]);
    backend.dispose(x);
    expect(backend.liveTensorCount()).toBe(0);
  });

  it("localResponseNorm follows the contract's window and alpha convention", async () => {
    const backend = createCpuBackend();
    // Channels 1, 2, 3 at one pixel; size 2 → window c … c + 1 (⌊1/2⌋ = 0 below, ⌈1/2⌉ = 1 above).
    const x = backend.upload(Float32Array.from([1, 2, 3]), [1, 3, 1, 1]);
    const y = await take(backend, backend.localResponseNorm(x, { size: 2, alpha: 0.5, beta: 1, k: 1 }));
    expect(Array.from(y)).toEqual(f32([1 / (1 + 0.5 * 5), 2 / (1 + 0.5 * 13), 3 / (1 + 0.5 * 9)]));
    backend.dispose(x);
  });

  it("batchNorm2dTraining returns the batch mean and biased variance", async () => {
    const backend = createCpuBackend();
    const x = backend.upload(Float32Array.from([1, 3, 10, 20, 5, 7, 30, 40]), [2, 2, 1, 2]);
    const weight = backend.upload(Float32Array.from([1, 1]), [2]);
    const bias = backend.upload(Float32Array.from([0, 0]), [2]);
    const { output, mean, variance } = backend.batchNorm2dTraining(x, { weight, bias, epsilon: 0 });
    expect(Array.from(await take(backend, mean))).toEqual([4, 25]);
    expect(Array.from(await take(backend, variance))).toEqual([5, 125]);
    const normalized = await take(backend, output);
    expect(normalized[0]).toBeCloseTo(-3 / Math.sqrt(5), 6);
    for (const tensor of [x, weight, bias]) backend.dispose(tensor);
  });

  it("crossEntropyWithLogits: loss log(K) and gradient (1/K − onehot)/N on equal logits", async () => {
    const backend = createCpuBackend();
    const logits = backend.fill([2, 4], 3);
    const { loss, gradient } = backend.crossEntropyWithLogits(logits, Int32Array.from([1, 3]));
    expect(loss.shape).toEqual([]);
    expect((await take(backend, loss))[0]).toBeCloseTo(Math.log(4), 6);
    expect(Array.from(await take(backend, gradient))).toEqual(f32([0.125, 0.125 - 0.5, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125 - 0.5]));
    backend.dispose(logits);
  });
});
