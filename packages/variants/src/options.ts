import { activationOpTypes, GraphError, isActivationOpType, type ActivationOpType } from "@alexnet-ts/ir";

/** Choices every variant takes: the task's shape and the paper's ablations. */
export interface VariantOptions {
  /** Number of output classes (1000 for ImageNet). */
  readonly classes?: number;
  /** Height and width of the square input image. */
  readonly inputSize?: number;
  /** Colour channels of the input: 3 for RGB, 1 for greyscale (MNIST). */
  readonly inputChannels?: number;
  /** Any of the IR's elementwise activations: the paper compares ReLU with the saturating tanh (section 3.1). */
  readonly activation?: ActivationOpType;
  /** Local response normalization (the paper), batch normalization (the notebooks), or none. */
  readonly normalization?: "lrn" | "batchnorm" | "none";
  /** Overlapping 3×3 windows with stride 2 (the paper, section 3.4) or plain 2×2 with stride 2. */
  readonly pooling?: "overlapping" | "plain";
  /** Dropout rate before the hidden fully connected layers (0 turns dropout off). */
  readonly dropout?: number;
}

/** The options with every default filled in. */
export type ResolvedVariantOptions = Required<VariantOptions>;

/** Checks options and fills defaults; a bad value throws a GraphError with one clear line. */
export function resolveOptions(defaults: ResolvedVariantOptions, options: VariantOptions): ResolvedVariantOptions {
  const resolved = { ...defaults, ...stripUndefined(options) };
  requireWholeNumber("classes", resolved.classes, 1);
  requireWholeNumber("input size", resolved.inputSize, 1);
  requireWholeNumber("input channels", resolved.inputChannels, 1);
  if (!isActivationOpType(resolved.activation)) {
    throw new GraphError(`activation must be one of ${activationOpTypes.join(", ")}, but is "${String(resolved.activation)}"`);
  }
  if (!["lrn", "batchnorm", "none"].includes(resolved.normalization)) {
    throw new GraphError(`normalization must be lrn, batchnorm or none, but is "${resolved.normalization}"`);
  }
  if (!["overlapping", "plain"].includes(resolved.pooling)) throw new GraphError(`pooling must be overlapping or plain, but is "${resolved.pooling}"`);
  if (!(resolved.dropout >= 0 && resolved.dropout < 1)) throw new GraphError(`dropout rate must be in [0, 1), but is ${resolved.dropout}`);
  return resolved;
}

function requireWholeNumber(what: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new GraphError(`${what} must be a whole number of at least ${minimum}, but is ${value}`);
  }
}

function stripUndefined(options: VariantOptions): VariantOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as VariantOptions;
}

/** The pooling window for the pooling option: overlapping 3/2 or plain 2/2. */
export function poolWindow(pooling: ResolvedVariantOptions["pooling"]): { kernel: number; stride: number } {
  return pooling === "overlapping" ? { kernel: 3, stride: 2 } : { kernel: 2, stride: 2 };
}
