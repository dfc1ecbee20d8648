import type { Conv2dOptions } from "@alexnet-ts/engine";
import { describe, it } from "vitest";
import { createCpuBackend } from "./backend.js";
import { expectClose, randomValues, take } from "./test-helpers.js";

/** A convolution case: input [N, C, H, W], filter [O, C / groups, kH, kW]. */
interface Case {
  readonly label: string;
  readonly input: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly options: Conv2dOptions;
}

const cases: Case[] = [
  { label: "AlexNet conv1 shape, shrunk (11×11 stride 4)", input: [2, 3, 23, 23], filter: [4, 3, 11, 11], options: { stride: [4, 4], padding: [2, 2, 2, 2], dilation: [1, 1], groups: 1 } },
  { label: "groups 2, 5×5 pad 2 (paper conv2)", input: [1, 4, 7, 6], filter: [6, 2, 5, 5], options: { stride: [1, 1], padding: [2, 2, 2, 2], dilation: [1, 1], groups: 2 } },
  { label: "groups 3, odd channels, asymmetric padding", input: [2, 9, 6, 5], filter: [3, 3, 3, 2], options: { stride: [2, 1], padding: [1, 0, 2, 1], dilation: [1, 1], groups: 3 } },
  { label: "stride larger than kernel, dilation 2", input: [1, 5, 9, 10], filter: [7, 5, 2, 3], options: { stride: [3, 4], padding: [0, 1, 1, 0], dilation: [2, 2], groups: 1 } },
  { label: "pointwise 1×1, batch 3 (unfolded side by side)", input: [3, 6, 4, 5], filter: [5, 6, 1, 1], options: { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } },
  { label: "pointwise 1×1, one image (the input is the column matrix)", input: [1, 6, 4, 5], filter: [5, 6, 1, 1], options: { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } },
  { label: "20×20 outputs, batch 3: all three images in one multiply (too little work per image to split)", input: [3, 4, 20, 20], filter: [6, 2, 3, 3], options: { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 2 } },
  { label: "40×40 outputs, a small filter: both images in one multiply", input: [2, 2, 40, 40], filter: [3, 2, 3, 3], options: { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } },
  { label: "32×32 outputs, 3.5M multiply-adds per image, batch 3: two images per multiply, then one", input: [3, 8, 32, 32], filter: [48, 8, 3, 3], options: { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } },
  { label: "40×40 outputs, 7.4M multiply-adds per image: one image per multiply, written in place", input: [2, 8, 40, 40], filter: [64, 8, 3, 3], options: { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } },
  { label: "28×28 outputs of one channel (the small variant's conv1): all 9 images in one multiply, for the threads", input: [9, 1, 28, 28], filter: [8, 1, 5, 5], options: { stride: [1, 1], padding: [2, 2, 2, 2], dilation: [1, 1], groups: 1 } },
];

function outputLength(length: number, kernel: number, stride: number, before: number, after: number, dilation: number): number {
  return Math.floor((length + before + after - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * The convolution written as its definition, in float64: calls `visit(inputIndex, filterIndex,
 * outputIndex)` for every product x[inputIndex]·w[filterIndex] that output[outputIndex] sums.
 * The forward pass and both gradients are the same sum read three ways.
 */
function visitProducts(testCase: Case, visit: (inputIndex: number, filterIndex: number, outputIndex: number) => void): [number, number, number, number] {
  const [batch, channels, height, width] = testCase.input;
  const [outChannels, groupChannels, kernelHeight, kernelWidth] = testCase.filter;
  const { stride, padding, dilation, groups } = testCase.options;
  const outputHeight = outputLength(height, kernelHeight, stride[0], padding[0], padding[2], dilation[0]);
  const outputWidth = outputLength(width, kernelWidth, stride[1], padding[1], padding[3], dilation[1]);
  const groupOutChannels = outChannels / groups;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outChannels; o++) {
      const group = Math.floor(o / groupOutChannels);
      for (let oh = 0; oh < outputHeight; oh++) {
        for (let ow = 0; ow < outputWidth; ow++) {
          const outputIndex = ((n * outChannels + o) * outputHeight + oh) * outputWidth + ow;
          for (let c = 0; c < groupChannels; c++) {
            for (let kh = 0; kh < kernelHeight; kh++) {
              for (let kw = 0; kw < kernelWidth; kw++) {
                const ih = oh * stride[0] - padding[0] + kh * dilation[0];
                const iw = ow * stride[1] - padding[1] + kw * dilation[1];
                if (ih < 0 || ih >= height || iw < 0 || iw >= width) continue;
                const inputIndex = ((n * channels + group * groupChannels + c) * height + ih) * width + iw;
                const filterIndex = ((o * groupChannels + c) * kernelHeight + kh) * kernelWidth + kw;
                visit(inputIndex, filterIndex, outputIndex);
              }
            }
          }
        }
      }
    }
  }
  return [batch, outChannels, outputHeight, outputWidth];
}

const count = (shape: readonly number[]): number => shape.reduce((product, dimension) => product * dimension, 1);

// Tolerance 1e-5 of the largest value: the largest sums here have 11·11·3 = 363 terms of size ≤ 1,
// whose float32 rounding error is at most about 363 · 6e-8 ≈ 2e-5 and typically √363 · 6e-8 ≈ 1e-6.
const tolerance = 2e-5;

describe("conv2d and its gradients against the definition (float64 loops)", () => {
  for (const testCase of cases) {
    it(testCase.label, async () => {
      const backend = createCpuBackend();
      const inputValues = randomValues(count(testCase.input), 1);
      const filterValues = randomValues(count(testCase.filter), 2);
      const biasValues = randomValues(testCase.filter[0], 3);
      const outputShape = visitProducts(testCase, () => {});
      const dyValues = randomValues(count(outputShape), 4);
      const expectedOutput = new Float64Array(count(outputShape));
      const expectedDx = new Float64Array(count(testCase.input));
      const expectedDw = new Float64Array(count(testCase.filter));
      visitProducts(testCase, (inputIndex, filterIndex, outputIndex) => {
        expectedOutput[outputIndex] += inputValues[inputIndex] * filterValues[filterIndex];
        expectedDx[inputIndex] += filterValues[filterIndex] * dyValues[outputIndex];
        expectedDw[filterIndex] += inputValues[inputIndex] * dyValues[outputIndex];
      });
      const plane = outputShape[2] * outputShape[3];
      const expectedFused = expectedOutput.map((value, index) => Math.max(0, value + biasValues[Math.floor(index / plane) % outputShape[1]]));

      const x = backend.upload(inputValues, testCase.input);
      const filter = backend.upload(filterValues, testCase.filter);
      const bias = backend.upload(biasValues, [testCase.filter[0]]);
      const dy = backend.upload(dyValues, outputShape);
      expectClose(await take(backend, backend.conv2d(x, filter, testCase.options)), expectedOutput, tolerance, "conv2d");
      expectClose(await take(backend, backend.conv2dBiasActivation(x, filter, bias, { ...testCase.options, activation: "relu" })), expectedFused, tolerance, "conv2dBiasActivation");
      expectClose(await take(backend, backend.conv2dBackwardInput(dy, filter, testCase.input, testCase.options)), expectedDx, tolerance, "conv2dBackwardInput");
      expectClose(await take(backend, backend.conv2dBackwardFilter(x, dy, testCase.filter, testCase.options)), expectedDw, tolerance, "conv2dBackwardFilter");
      for (const tensor of [x, filter, bias, dy]) backend.dispose(tensor);
      if (backend.liveTensorCount() !== 0) throw new Error(`${backend.liveTensorCount()} tensors leaked`);
    });
  }
});
