import { describe, expect, it } from "vitest";
import type { Conv2dOptions } from "@alexnet-ts/engine";
import { createDefaultsBackend, expectClose, expectMatchesReference, randomTensor, runAndDownload } from "./test-support.js";

interface ConvCase {
  readonly name: string;
  readonly input: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly options: Conv2dOptions;
}

const convolution = (stride: number | [number, number], padding: [number, number, number, number], dilation: number | [number, number], groups: number): Conv2dOptions => ({
  stride: typeof stride === "number" ? [stride, stride] : stride,
  padding,
  dilation: typeof dilation === "number" ? [dilation, dilation] : dilation,
  groups,
});

// AlexNet's geometries (reduced in size) and the corners around them.
const cases: ConvCase[] = [
  { name: "3×3, stride 1, padding 1", input: [2, 3, 6, 5], filter: [4, 3, 3, 3], options: convolution(1, [1, 1, 1, 1], 1, 1) },
  { name: "AlexNet conv1 shape: 11×11 stride 4 padding 2", input: [1, 3, 27, 27], filter: [4, 3, 11, 11], options: convolution(4, [2, 2, 2, 2], 1, 1) },
  { name: "stride larger than kernel", input: [2, 2, 9, 8], filter: [3, 2, 2, 2], options: convolution(3, [0, 0, 0, 0], 1, 1) },
  { name: "stride not dividing the padded size (unread rows)", input: [1, 2, 8, 7], filter: [2, 2, 3, 2], options: convolution([3, 2], [0, 0, 0, 0], 1, 1) },
  { name: "asymmetric padding", input: [1, 3, 5, 6], filter: [2, 3, 3, 2], options: convolution(1, [2, 0, 1, 3], 1, 1) },
  { name: "padding larger than the kernel", input: [1, 1, 4, 4], filter: [2, 1, 2, 2], options: convolution(2, [3, 3, 3, 3], 1, 1) },
  { name: "dilation 2, stride 2", input: [2, 2, 9, 10], filter: [3, 2, 3, 3], options: convolution(2, [1, 2, 1, 0], 2, 1) },
  { name: "groups 2 (AlexNet's split towers)", input: [2, 4, 6, 6], filter: [6, 2, 3, 3], options: convolution(1, [1, 1, 1, 1], 1, 2) },
  { name: "groups 3, stride 2, dilation [1, 2]", input: [1, 6, 7, 9], filter: [9, 2, 3, 2], options: convolution(2, [1, 0, 2, 1], [1, 2], 3) },
  { name: "1×1 kernel, groups 2", input: [3, 4, 3, 3], filter: [2, 2, 1, 1], options: convolution(1, [0, 0, 0, 0], 1, 2) },
];

describe("conv2d defaults against the float64 reference", () => {
  for (const { name, input, filter, options } of cases) {
    it(`conv2dBackwardInput: ${name}`, async () => {
      const backend = createDefaultsBackend();
      const x = backend.upload(randomTensor(input, 1).values, input);
      const f = backend.upload(randomTensor(filter, 2).values, filter);
      const outputShape = backend.conv2d(x, f, options).shape;
      expect(backend.liveTensorCount()).toBe(3);
      await expectMatchesReference([randomTensor(outputShape, 3), randomTensor(filter, 4)], (b, [dy, w]) => b.conv2dBackwardInput(dy, w, input, options));
    });

    it(`conv2dBackwardFilter: ${name}`, async () => {
      const backend = createDefaultsBackend();
      const x = backend.upload(randomTensor(input, 1).values, input);
      const f = backend.upload(randomTensor(filter, 2).values, filter);
      const outputShape = backend.conv2d(x, f, options).shape;
      await expectMatchesReference([randomTensor(input, 5), randomTensor(outputShape, 6)], (b, [xs, dy]) => b.conv2dBackwardFilter(xs, dy, filter, options));
    });
  }

  it("the backward ops are the adjoints of conv2d: ⟨conv(x, f), dy⟩ = ⟨x, dx⟩ = ⟨f, df⟩", async () => {
    const { input, filter, options } = cases[8];
    const backend = createDefaultsBackend();
    const x = randomTensor(input, 7);
    const f = randomTensor(filter, 8);
    const [y] = Object.values(await runAndDownload(backend, [x, f], (b, [xs, w]) => b.conv2d(xs, w, options)));
    const dy = randomTensor(y.shape, 9);
    const { output: dx } = await runAndDownload(backend, [dy, f], (b, [g, w]) => b.conv2dBackwardInput(g, w, input, options));
    const { output: df } = await runAndDownload(backend, [x, dy], (b, [xs, g]) => b.conv2dBackwardFilter(xs, g, filter, options));
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, value, index) => sum + value * b[index], 0);
    const forward = dot(y.values, dy.values);
    // Float32 storage of each op's result: the three inner products agree to about 1e-5 relative.
    expectClose([dot(x.values, dx.values)], [forward], 1e-4, "⟨x, dx⟩");
    expectClose([dot(f.values, df.values)], [forward], 1e-4, "⟨f, df⟩");
  });

  it("conv2dBackwardInput by hand: stride 2 spreads, unread rows get zero", async () => {
    // x 1×1×4×4, 2×2 filter of ones, stride 2, no padding: each output reads one 2×2 block,
    // so dx is dy broadcast to its block (row 3 and column 3 are read too: 4 = 2·2).
    // With a 5×5 input the last row and column are never read and must be 0.
    const backend = createDefaultsBackend();
    const dy = backend.upload(Float32Array.from([1, 2, 3, 4]), [1, 1, 2, 2]);
    const ones = backend.upload(new Float32Array(4).fill(1), [1, 1, 2, 2]);
    const dx = backend.conv2dBackwardInput(dy, ones, [1, 1, 5, 5], convolution(2, [0, 0, 0, 0], 1, 1));
    expect(Array.from(await backend.download(dx))).toEqual([1, 1, 2, 2, 0, 1, 1, 2, 2, 0, 3, 3, 4, 4, 0, 3, 3, 4, 4, 0, 0, 0, 0, 0, 0]);
  });

  it("conv2dBackwardFilter by hand: a 1×1 filter's gradient is Σ x·dy", async () => {
    const backend = createDefaultsBackend();
    const x = backend.upload(Float32Array.from([1, 2, 3, 4]), [1, 1, 2, 2]);
    const dy = backend.upload(Float32Array.from([1, 0, -1, 2]), [1, 1, 2, 2]);
    const df = backend.conv2dBackwardFilter(x, dy, [1, 1, 1, 1], convolution(1, [0, 0, 0, 0], 1, 1));
    expect(Array.from(await backend.download(df))).toEqual([1 * 1 + 2 * 0 + 3 * -1 + 4 * 2]);
  });

  it("conv2dBiasActivation is conv2d, then the bias, then ReLU", async () => {
    const { input, filter, options } = cases[7];
    for (const activation of ["none", "relu"] as const) {
      await expectMatchesReference([randomTensor(input, 10), randomTensor(filter, 11), randomTensor([filter[0]], 12)], (b, [x, f, bias]) =>
        b.conv2dBiasActivation(x, f, bias, { ...options, activation }),
      );
      await expectMatchesReference([randomTensor(input, 13), randomTensor(filter, 14)], (b, [x, f]) => b.conv2dBiasActivation(x, f, undefined, { ...options, activation }));
    }
  });

  it("shape errors name the op", () => {
    const backend = createDefaultsBackend();
    const dy = backend.upload(new Float32Array(8), [1, 2, 2, 2]);
    const filter = backend.upload(new Float32Array(27), [3, 1, 3, 3]);
    expect(() => backend.conv2dBackwardInput(dy, filter, [1, 1, 4, 4], convolution(1, [0, 0, 0, 0], 1, 1))).toThrow(/^conv2dBackwardInput: /);
    expect(() => backend.conv2dBackwardFilter(dy, dy, [3, 1, 3, 3], convolution(1, [0, 0, 0, 0], 1, 1))).toThrow(/^conv2dBackwardFilter: /);
    // Right channels, wrong spatial size: a 3×3 filter over 4×4 gives 2×2, not 3×3.
    const wrongSize = backend.upload(new Float32Array(27), [1, 3, 3, 3]);
    expect(() => backend.conv2dBackwardInput(wrongSize, filter, [1, 1, 4, 4], convolution(1, [0, 0, 0, 0], 1, 1))).toThrow(
      /^conv2dBackwardInput: dy should be \[1, 3, 2, 2\]/,
    );
    expect(backend.liveTensorCount()).toBe(3);
  });
});
