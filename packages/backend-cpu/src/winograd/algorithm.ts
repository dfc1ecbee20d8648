import { activeGemmKernel } from "../gemm/index.js";
import type { ConvGeometry } from "../geometry.js";
import { tilePlan, winogradApplies } from "./tiles.js";

/**
 * How 3×3 stride-1 convolutions run: `winograd` (F(2×2, 3×3) wherever it applies), `gemm`
 * (im2col + matrix multiply, as every other convolution), `auto` (Winograd where it measured
 * faster; see {@link winogradWins}).
 */
export type ConvolutionAlgorithm = "auto" | "winograd" | "gemm";

/** Every value {@link configureConvolution} takes. */
export const convolutionAlgorithms: readonly ConvolutionAlgorithm[] = ["auto", "winograd", "gemm"];

let algorithm: ConvolutionAlgorithm = "auto";

/** Chooses the convolution algorithm for 3×3 stride-1 convolutions; takes effect on the next call. */
export function configureConvolution(options: { algorithm?: ConvolutionAlgorithm }): void {
  if (options.algorithm === undefined) return;
  if (!convolutionAlgorithms.includes(options.algorithm)) {
    throw new RangeError(`configureConvolution: algorithm must be one of ${convolutionAlgorithms.join(", ")}, got ${String(options.algorithm)}`);
  }
  algorithm = options.algorithm;
}

/** The algorithm setting now. */
export function convolutionAlgorithm(): ConvolutionAlgorithm {
  return algorithm;
}

/**
 * The `auto` rule, from scripts/winograd-benchmark.mjs (docs/performance.md, "Winograd"):
 * Winograd where its transforms run in the WebAssembly kernel (a tile row of ≥ 4 tiles, i.e.
 * outputs ≥ 7 wide, and not the TypeScript kernels), each product has ≥ 128 tile columns
 * (13×13 outputs: batch ≥ 3; at batch 1 the 49-column products lose 0.7× to im2col's 169, at
 * batch 2 they tie, from batch 4 Winograd wins 1.3–1.8×) and each group ≥ 32 channels (at 32
 * it still won 1.3× at batch 4; fewer was not measured).
 */
export function winogradWins(geometry: ConvGeometry): boolean {
  if (activeGemmKernel() === "typescript") return false;
  const plan = tilePlan(geometry);
  if (plan.tilesWide < 4 || plan.imagesPerChunk * plan.tilesPerImage < minimumTiles) return false;
  return geometry.groupChannels >= minimumGroupChannels && geometry.groupOutChannels >= minimumGroupChannels;
}

// Below these the products are too narrow or too thin for the gemm's packed panels to pay off.
const minimumTiles = 128;
const minimumGroupChannels = 32;

/** Whether this convolution runs by Winograd under the current setting (batch 0: never; nothing to do). */
export function usesWinograd(geometry: ConvGeometry): boolean {
  if (algorithm === "gemm" || geometry.batch === 0 || !winogradApplies(geometry)) return false;
  return algorithm === "winograd" || winogradWins(geometry);
}
