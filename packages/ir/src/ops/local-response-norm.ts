import { formatAttribute } from "./describe.js";
import { requireImageInput, type OpDefinition } from "../op.js";

export interface LocalResponseNormAttributes {
  /** Channels in the window (the paper's n), centred on the channel being normalized. */
  readonly size: number;
  /** The paper's α, applied to the plain sum of squares (not divided by size; see below). */
  readonly alpha: number;
  /** The paper's β. */
  readonly beta: number;
  /** The paper's k. */
  readonly k: number;
}

/**
 * Local response normalization across channels (paper, section 3.3):
 *
 *   b[c] = a[c] / (k + α · Σ a[j]²)^β,  j from max(0, c − ⌊(n−1)/2⌋) to min(C − 1, c + ⌈(n−1)/2⌉)
 *
 * The paper uses n = 5, α = 1e-4, β = 0.75, k = 2.
 *
 * Convention, chosen explicitly: `alpha` multiplies the **plain sum**, exactly as the paper
 * writes it and as TensorFlow's `tf.nn.local_response_normalization` does (which takes a
 * depth radius (n−1)/2 instead of n). PyTorch's `nn.LocalResponseNorm` and ONNX's `LRN`
 * divide alpha by size — they compute k + (α/n)·Σ a² — so the paper's layer is
 * `LocalResponseNorm(size=5, alpha=5e-4, beta=0.75, k=2)` in PyTorch, and an ONNX model's
 * `alpha` attribute converts to ours as alpha / size (see `lrnAlphaFromOnnx`).
 *
 * Shapes:
 * - input: [N, C, H, W]
 * - output: same as input
 */
export const localResponseNorm: OpDefinition<LocalResponseNormAttributes> = {
  type: "localResponseNorm",
  names: { keras: { baseName: "local_response_normalization", className: "Lambda" }, torch: "LocalResponseNorm", label: "LRN", onnx: "LRN" },
  preservesShape: true,
  fusion: "none",
  describe: ({ size, alpha, beta, k }) => `n=${size} α=${formatAttribute(alpha)} β=${formatAttribute(beta)} k=${formatAttribute(k)}`,
  outputShape: (inputShapes) => requireImageInput(inputShapes),
  parameters: () => [],
  multiplyAccumulates: () => 0,
};

/** ONNX's and PyTorch's alpha (divided by size inside the op) as this IR's alpha (applied to the sum). */
export function lrnAlphaFromOnnx(onnxAlpha: number, size: number): number {
  return onnxAlpha / size;
}

/** This IR's alpha as ONNX's and PyTorch's alpha. */
export function lrnAlphaToOnnx(alpha: number, size: number): number {
  return alpha * size;
}
