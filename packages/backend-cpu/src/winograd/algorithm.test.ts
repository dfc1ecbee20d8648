import { afterEach, describe, expect, it } from "vitest";
import { convolutionVariable, createCpuBackend } from "../backend.js";
import { configureGemm } from "../gemm/index.js";
import { convGeometry } from "../geometry.js";
import { configureConvolution, convolutionAlgorithm, usesWinograd } from "./algorithm.js";

const geometry = (input: number[], filter: number[], stride = 1, groups = 1) =>
  convGeometry("conv2d", input, filter, { stride: [stride, stride], padding: [1, 1, 1, 1], dilation: [1, 1], groups });

describe("the convolution switch", () => {
  const before = process.env[convolutionVariable];
  afterEach(() => {
    if (before === undefined) delete process.env[convolutionVariable];
    else process.env[convolutionVariable] = before;
    configureConvolution({ algorithm: "auto" });
    configureGemm({ kernel: "auto" });
  });

  it("auto takes Winograd for seed-keras conv3–5 from batch 3 and leaves small batches, thin, narrow, strided and other kernels to im2col + gemm", () => {
    configureConvolution({ algorithm: "auto" });
    expect(usesWinograd(geometry([32, 256, 13, 13], [384, 256, 3, 3]))).toBe(true);
    expect(usesWinograd(geometry([32, 384, 13, 13], [256, 192, 3, 3], 1, 2))).toBe(true);
    expect(usesWinograd(geometry([4, 256, 13, 13], [384, 256, 3, 3]))).toBe(true);
    expect(usesWinograd(geometry([1, 256, 27, 27], [384, 256, 3, 3]))).toBe(true);
    expect(usesWinograd(geometry([2, 256, 13, 13], [384, 256, 3, 3]))).toBe(false);
    expect(usesWinograd(geometry([64, 64, 6, 6], [96, 64, 3, 3]))).toBe(false);
    expect(usesWinograd(geometry([32, 8, 13, 13], [384, 8, 3, 3]))).toBe(false);
    expect(usesWinograd(geometry([32, 256, 13, 13], [384, 256, 3, 3], 2))).toBe(false);
    expect(usesWinograd(geometry([32, 256, 13, 13], [384, 256, 5, 5]))).toBe(false);
    configureGemm({ kernel: "typescript" });
    expect(usesWinograd(geometry([32, 256, 13, 13], [384, 256, 3, 3]))).toBe(false);
  });

  it("winograd forces it wherever F(2×2, 3×3) applies, gemm turns it off everywhere", () => {
    configureConvolution({ algorithm: "winograd" });
    expect(usesWinograd(geometry([64, 64, 6, 6], [96, 64, 3, 3]))).toBe(true);
    expect(usesWinograd(geometry([32, 256, 13, 13], [384, 256, 5, 5]))).toBe(false);
    configureConvolution({ algorithm: "gemm" });
    expect(usesWinograd(geometry([32, 256, 13, 13], [384, 256, 3, 3]))).toBe(false);
  });

  it.each([
    ["gemm", /every convolution by im2col \+ gemm/],
    ["winograd", /3×3 stride-1 convolutions by Winograd F\(2×2,3×3\), /],
    ["auto", /3×3 stride-1 convolutions by Winograd F\(2×2,3×3\) where/],
  ] as const)("ALEXNET_CPU_CONVOLUTION=%s sets it when a backend is made, and describe() says so", (algorithm, description) => {
    process.env[convolutionVariable] = algorithm;
    const backend = createCpuBackend();
    expect(convolutionAlgorithm()).toBe(algorithm);
    expect(backend.describe()).toMatch(description);
  });

  it("refuses an unknown algorithm in one line that names the variable and the choices", () => {
    process.env[convolutionVariable] = "fft";
    expect(() => createCpuBackend()).toThrow(/^ALEXNET_CPU_CONVOLUTION="fft" is not a convolution algorithm: set it to one of auto, winograd, gemm, or unset it \(auto\)$/);
  });
});
