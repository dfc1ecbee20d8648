import type { VariantName } from "@alexnet-ts/variants";

/**
 * How close a backend's float32 result must be to the float64 reference, element by element:
 *
 *   |got − expected| ≤ absolute · max(1, max |expected|) + relative · |expected|
 *
 * The absolute term is scaled by the tensor's largest value because float32 accumulation error
 * grows with the size of the terms summed, not with the (possibly cancelled) result.
 */
export interface Tolerance {
  readonly relative: number;
  readonly absolute: number;
}

/**
 * The default tolerance. A float32 dot product of K terms of size ≤ 1 is off by at most about
 * K·2⁻²⁴ ≈ K·6e-8 of its terms' size, and typically √K·6e-8; the suite's largest reductions have
 * K ≈ 400 (an 11×11 filter over 3 channels, or a filter gradient over a batch), so the worst case
 * is ≈ 2.4e-5 of the largest value and the typical one ≈ 1.2e-6. relative 1e-4 / absolute 2e-5
 * passes a correct float32 backend with room to spare while an indexing or padding mistake
 * (an error of the order of one whole term) fails by orders of magnitude.
 */
export const defaultTolerance: Tolerance = { relative: 1e-4, absolute: 2e-5 };

/** The ONNX node tests' own tolerance (onnx/backend/test/runner: rtol 1e-3, atol 1e-7); the looser of this and the backend's applies. */
export const onnxTolerance: Tolerance = { relative: 1e-3, absolute: 1e-7 };

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** The backend's tolerance against the reference (default `defaultTolerance`). */
  readonly tolerance?: Tolerance;
  /**
   * Cases to skip: a case id (e.g. "onnx/test_lrn") or any prefix of ids (e.g. "forward/conv2d"),
   * with the reason, which appears in the test's name and is printed once.
   */
  readonly skip?: Readonly<Record<string, string>>;
  /** "full" (default) or "small": smaller tensors and fewer seeds, for slow (software GPU) backends. */
  readonly sizes?: "small" | "full";
  /** Run only the cases whose id starts with one of these. */
  readonly only?: readonly string[];
  /** Directory of the ONNX node tests (default: $ALEXNET_ONNX_CASES, else <repo>/../shared/conformance/onnx-node). */
  readonly onnxDirectory?: string;
  /** The name of a backend given as a plain factory, for the describe block (default "backend"); providers carry their own. */
  readonly name?: string;
  /** Of the providers given, run only those with these names (default: every one; an unknown name is an error). */
  readonly backends?: readonly string[];
  /**
   * The engine's own count of live tensors, for the whole-model leak check beside the backend's
   * handle count (TensorFlow.js: `tf.memory().numTensors`), when the engine keeps one.
   */
  readonly engineTensorCount?: () => number;
  /**
   * At small sizes, the variants besides `small` whose whole-model check runs its forward pass
   * only (the inference output vs the reference), e.g. `["seed-keras"]` on a software GPU where
   * a training step of a larger model takes minutes. At full sizes every variant runs forward
   * and backward, so this is ignored. Default: none.
   */
  readonly inferenceModels?: readonly VariantName[];
}

/** The options with every default filled in. */
export interface ResolvedConformanceOptions {
  readonly tolerance: Tolerance;
  readonly skip: Readonly<Record<string, string>>;
  readonly sizes: "small" | "full";
  readonly only: readonly string[] | undefined;
  readonly onnxDirectory: string | undefined;
  readonly name: string | undefined;
  readonly backends: readonly string[] | undefined;
  readonly engineTensorCount: (() => number) | undefined;
  readonly inferenceModels: readonly VariantName[];
}

/** Fills in the defaults. */
export function resolveOptions(options: ConformanceOptions = {}): ResolvedConformanceOptions {
  return {
    tolerance: options.tolerance ?? defaultTolerance,
    skip: options.skip ?? {},
    sizes: options.sizes ?? "full",
    only: options.only,
    onnxDirectory: options.onnxDirectory,
    name: options.name,
    backends: options.backends,
    engineTensorCount: options.engineTensorCount,
    inferenceModels: options.inferenceModels ?? [],
  };
}

/** The looser of two tolerances, component by component. */
export function looserTolerance(a: Tolerance, b: Tolerance): Tolerance {
  return { relative: Math.max(a.relative, b.relative), absolute: Math.max(a.absolute, b.absolute) };
}
