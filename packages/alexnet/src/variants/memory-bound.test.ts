import { analyzeGraph, countParameters, elementCount } from "@alexnet-ts/ir";
import { describe, expect, it } from "vitest";
import { buildVariant } from "./index.js";
import { checkModelMemory, estimateModelMemory, memoryLimit } from "./memory-bound.js";

describe("the memory bound comes from the IR's counts", () => {
  it("counts parameters (×3 for training), every node's output for the batch (×2 for training) and the largest im2col matrix", () => {
    const graph = buildVariant("small", { inputSize: 28, inputChannels: 1, classes: 10 });
    const analyzed = analyzeGraph(graph, { batch: 4 });
    const activations = elementCount(analyzed.inputShape) + analyzed.nodes.reduce((sum, node) => sum + elementCount(node.outputShape), 0);
    const parameters = countParameters(analyzed).total;
    const scratch = Math.max(
      ...analyzed.nodes.filter(({ node }) => node.op === "conv2d").map(({ node, inputShapes, outputShape }) => {
        const { kernel, groups } = node.attributes as unknown as { kernel: [number, number]; groups: number };
        return (inputShapes[0][1] / groups) * kernel[0] * kernel[1] * outputShape[2] * outputShape[3] * 4;
      }),
    );
    expect(estimateModelMemory(graph, { batch: 4, training: false })).toEqual({ parameterBytes: 4 * parameters, activationBytes: 4 * activations, scratchBytes: 4 * scratch, totalBytes: 4 * (parameters + activations + scratch) });
    expect(estimateModelMemory(graph, { batch: 4, training: true }).totalBytes).toBe(12 * parameters + 8 * activations + 4 * scratch);
  });

  it("refuses torchvision at --input 10000 and small at --input 100000 in one line, without allocating", () => {
    const limit = 16 * 2 ** 30;
    expect(() => checkModelMemory(buildVariant("torchvision", { inputSize: 10000 }), { batch: 1, training: false, limit })).toThrow(
      /^alexnet-torchvision at 3×10000×10000 input, batch 1, would need about [\d.]+ GB \([\d.]+ GB activations, [\d.]+ GB convolution scratch, [\d.]+ (MB|GB) parameters\), more than the 16\.00 GB limit; use a smaller --input, or raise ALEXNET_MAX_MEMORY$/,
    );
    expect(() => checkModelMemory(buildVariant("small", { inputSize: 100000 }), { batch: 64, training: true, limit })).toThrow(/batch 64, would need about .* with gradients and velocities\), more than the 16\.00 GB limit; use a smaller --input or --batch/);
    expect(checkModelMemory(buildVariant("paper"), { batch: 1, training: false, limit }).totalBytes).toBeLessThan(limit);
  });

  it("reads ALEXNET_MAX_MEMORY with a unit, and refuses nonsense", () => {
    expect(memoryLimit({ ALEXNET_MAX_MEMORY: "12G" })).toBe(12 * 2 ** 30);
    expect(memoryLimit({ ALEXNET_MAX_MEMORY: "512m" })).toBe(512 * 2 ** 20);
    expect(memoryLimit({ ALEXNET_MAX_MEMORY: "1000" })).toBe(1000);
    expect(memoryLimit({})).toBeGreaterThan(0);
    expect(() => memoryLimit({ ALEXNET_MAX_MEMORY: "lots" })).toThrow(/ALEXNET_MAX_MEMORY must be a size such as 8G or 512M, but is "lots"/);
  });
});
