import { configureGemm, gemmKernels, type GemmKernel } from "./gemm/index.js";
import { configureConvolution, convolutionAlgorithms, type ConvolutionAlgorithm } from "./winograd/algorithm.js";

/** The environment variable that sets the matrix multiply's threads (caller included) when a backend is made. */
export const threadsVariable = "ALEXNET_CPU_THREADS";

/** The environment variable that forces the matrix multiply's kernel (auto, fma, simd128, typescript). */
export const kernelVariable = "ALEXNET_CPU_KERNEL";

/** The environment variable that chooses how 3×3 stride-1 convolutions run (auto, winograd, gemm). */
export const convolutionVariable = "ALEXNET_CPU_CONVOLUTION";

function environmentValue(name: string): string | undefined {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const text = environment?.[name]?.trim();
  return text === undefined || text === "" ? undefined : text;
}

/**
 * Applies `ALEXNET_CPU_THREADS` (a positive integer) and `ALEXNET_CPU_KERNEL` (auto, fma,
 * simd128, typescript) to the gemm and `ALEXNET_CPU_CONVOLUTION` (auto, winograd, gemm) to the 3×3
 * convolutions — Node only — so that tools that make the backend by name (`alexnet bench`,
 * whose `cpu@threads=1` / `cpu@kernel=simd128` / `cpu@convolution=gemm` set them; `alexnet
 * train`) can choose them; they override earlier `configureGemm` / `configureConvolution` calls. Unset or empty: nothing changes.
 * Anything else, or a kernel this engine lacks, is a one-line error saying what to set.
 */
export function applyEnvironment(): void {
  const threadsText = environmentValue(threadsVariable);
  if (threadsText !== undefined) {
    const threads = Number(threadsText);
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`${threadsVariable}=${JSON.stringify(threadsText)} is not a thread count: set it to a positive integer (1, 2, …) or unset it to use every core`);
    }
    configureGemm({ threads });
  }
  const kernel = environmentValue(kernelVariable);
  if (kernel !== undefined) {
    if (!(gemmKernels as readonly string[]).includes(kernel)) {
      throw new RangeError(`${kernelVariable}=${JSON.stringify(kernel)} is not a kernel: set it to one of ${gemmKernels.join(", ")}, or unset it (auto)`);
    }
    try {
      configureGemm({ kernel: kernel as GemmKernel });
    } catch (error) {
      throw new RangeError(`${kernelVariable}=${kernel}: ${(error as Error).message.replace(/^configureGemm: /, "")}`);
    }
  }
  const algorithm = environmentValue(convolutionVariable);
  if (algorithm !== undefined) {
    if (!(convolutionAlgorithms as readonly string[]).includes(algorithm)) {
      throw new RangeError(`${convolutionVariable}=${JSON.stringify(algorithm)} is not a convolution algorithm: set it to one of ${convolutionAlgorithms.join(", ")}, or unset it (auto)`);
    }
    configureConvolution({ algorithm: algorithm as ConvolutionAlgorithm });
  }
}
