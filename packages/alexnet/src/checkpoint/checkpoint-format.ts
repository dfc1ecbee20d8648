import type { HostTensor } from "@alexnet-ts/engine";
import type { VariantOptions } from "../variants/index.js";
import { CheckpointError } from "./errors.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";

// The checkpoint layout on bytes alone (no file system), so the browser reads and writes the same
// files as the CLI; checkpoint.ts adds the files.

/** Version of the checkpoint layout (tensor names and metadata keys) this code writes and reads. */
export const checkpointFormatVersion = 1;

/** Tensor-name prefix of the optimizer's velocities: "optimizer.velocity.conv1.weight". */
export const velocityPrefix = "optimizer.velocity.";

/** Everything besides tensors that a training run needs to continue exactly. */
export interface CheckpointMetadata {
  readonly variant: string;
  /** The options the variant was built with (classes, input size and channels, ablations). */
  readonly variantOptions: VariantOptions;
  readonly classNames: readonly string[];
  /** Whole epochs finished. */
  readonly epoch: number;
  /** Steps taken within the unfinished epoch (non-zero only for a checkpoint written on Ctrl-C). */
  readonly stepInEpoch: number;
  /** Training steps taken in all. */
  readonly step: number;
  /** State of the training run's random stream (augmentation, dropout seeds), from `Random.state()`. */
  readonly randomState: readonly number[];
  readonly learningRate: number;
  /** The learning-rate schedule's own state (see training/schedule.ts). */
  readonly schedule: unknown;
  /** Lowest validation loss seen (Infinity before the first). */
  readonly bestValidationLoss: number;
  /** Everything else of the run's settings (seed, batch, data, augmentation, normalization, partial epoch sums), as JSON. */
  readonly training: Record<string, unknown>;
}

/** What a checkpoint holds. */
export interface Checkpoint {
  /** Parameters by full IR name, running statistics included. */
  readonly parameters: Map<string, HostTensor>;
  /** Optimizer velocities by parameter name (empty for converted weights). */
  readonly velocities: Map<string, HostTensor>;
  /** Undefined for weights converted from elsewhere (no training state). */
  readonly metadata: CheckpointMetadata | undefined;
}

/** What the model being loaded expects; a checkpoint for another one is refused. */
export interface CheckpointExpectations {
  readonly variant?: string;
  readonly classCount?: number;
}

/** A checkpoint as safetensors bytes (chunks to write one after another). */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array[] {
  const tensors = new Map<string, HostTensor>(checkpoint.parameters);
  for (const [name, tensor] of checkpoint.velocities) tensors.set(velocityPrefix + name, tensor);
  const metadata = checkpoint.metadata === undefined ? {} : encodeMetadata(checkpoint.metadata);
  return encodeSafetensors(tensors, metadata);
}

/**
 * Decodes a checkpoint's bytes (`source` names it in errors), refusing with one line a file that
 * is not safetensors, truncated, has a broken header (overlapping or non-contiguous tensors,
 * metadata out of range), holds a NaN or infinite value (naming the tensor), or was written for
 * another variant or class count. A file without our metadata (weights converted from PyTorch)
 * gives parameters only.
 */
export function decodeCheckpoint(bytes: Uint8Array, source: string, expectations: CheckpointExpectations = {}): Checkpoint {
  const { tensors, metadata: strings } = decodeSafetensors(bytes, source);
  refuseNonFinite(tensors, source);
  const parameters = new Map<string, HostTensor>();
  const velocities = new Map<string, HostTensor>();
  for (const [name, tensor] of tensors) {
    if (name.startsWith(velocityPrefix)) velocities.set(name.slice(velocityPrefix.length), tensor);
    else parameters.set(name, tensor);
  }
  const metadata = strings.format === "alexnet-ts-checkpoint" ? decodeMetadata(strings, source) : undefined;
  if (metadata !== undefined) {
    if (expectations.variant !== undefined && metadata.variant !== expectations.variant) {
      throw new CheckpointError(`${source} holds the ${metadata.variant} variant, not ${expectations.variant}; pass --variant ${metadata.variant} or another checkpoint`);
    }
    if (expectations.classCount !== undefined && metadata.classNames.length !== expectations.classCount) {
      throw new CheckpointError(`${source} was trained for ${metadata.classNames.length} classes, but this model has ${expectations.classCount}`);
    }
  } else if (expectations.classCount !== undefined) {
    // Converted weights carry no class list; the last layer's bias still tells the class count.
    const last = [...parameters.entries()].reverse().find(([name]) => name.endsWith(".bias"));
    if (last !== undefined && last[1].shape[0] !== expectations.classCount) {
      throw new CheckpointError(`${source} has ${last[1].shape[0]} outputs in ${last[0]}, but this model has ${expectations.classCount} classes`);
    }
  }
  return { parameters, velocities, metadata };
}

/** A weight or velocity that is NaN or infinite makes every output NaN: refused, naming the tensor. */
function refuseNonFinite(tensors: ReadonlyMap<string, HostTensor>, source: string): void {
  for (const [name, tensor] of tensors) {
    const values = tensor.values;
    for (let index = 0; index < values.length; index++) {
      if (!Number.isFinite(values[index])) {
        throw new CheckpointError(`${source}: tensor "${name}" holds ${values[index]} at index ${index}; the checkpoint is damaged or was saved from a diverged run, so it cannot be used`);
      }
    }
  }
}

/** Limits on the metadata a checkpoint may carry (beyond them, the file is crafted or damaged). */
export const metadataLimits = { maximumInputSize: 4096, maximumChannels: 16, maximumClasses: 1_000_000 } as const;

/** Refuses metadata outside its valid range, in one line naming the key. */
function checkMetadataRanges(metadata: CheckpointMetadata, source: string): void {
  const broken = (what: string): never => {
    throw new CheckpointError(`${source} has a broken checkpoint header: ${what}`);
  };
  const whole = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
  if (!whole(metadata.epoch)) broken(`epoch is ${metadata.epoch}, not a whole number ≥ 0`);
  if (!whole(metadata.stepInEpoch)) broken(`step_in_epoch is ${metadata.stepInEpoch}, not a whole number ≥ 0`);
  if (!whole(metadata.step) || metadata.step < metadata.stepInEpoch) broken(`step is ${metadata.step}, not a whole number ≥ step_in_epoch`);
  if (!(metadata.learningRate >= 0 && Number.isFinite(metadata.learningRate))) broken(`learning_rate is ${metadata.learningRate}, not a number ≥ 0`);
  if (!(metadata.bestValidationLoss >= 0)) broken(`best_validation_loss is ${metadata.bestValidationLoss}, not ≥ 0`);
  if (!Array.isArray(metadata.randomState) || metadata.randomState.length !== 4 || !metadata.randomState.every((word) => Number.isInteger(word))) broken("random_state is not 4 integers");
  if (metadata.classNames.length < 1 || metadata.classNames.length > metadataLimits.maximumClasses || !metadata.classNames.every((name) => typeof name === "string")) broken(`class_names must be 1 to ${metadataLimits.maximumClasses} strings`);
  const options = (metadata.variantOptions ?? {}) as Record<string, unknown>;
  if (typeof options !== "object" || Array.isArray(options)) broken("variant_options is not an object");
  const inRange = (key: string, maximum: number): void => {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= maximum)) broken(`variant option ${key} is ${String(value)}, outside 1…${maximum}`);
  };
  inRange("inputSize", metadataLimits.maximumInputSize);
  inRange("inputChannels", metadataLimits.maximumChannels);
  inRange("classes", metadataLimits.maximumClasses);
  if (options.classes !== undefined && options.classes !== metadata.classNames.length) broken(`variant option classes is ${String(options.classes)}, but class_names has ${metadata.classNames.length}`);
  const dropout = options.dropout;
  if (dropout !== undefined && !(typeof dropout === "number" && dropout >= 0 && dropout < 1)) broken(`variant option dropout is ${String(dropout)}, outside [0, 1)`);
}

function encodeMetadata(metadata: CheckpointMetadata): Record<string, string> {
  return {
    format: "alexnet-ts-checkpoint",
    format_version: String(checkpointFormatVersion),
    variant: metadata.variant,
    variant_options: JSON.stringify(metadata.variantOptions),
    class_count: String(metadata.classNames.length),
    class_names: JSON.stringify(metadata.classNames),
    epoch: String(metadata.epoch),
    step_in_epoch: String(metadata.stepInEpoch),
    step: String(metadata.step),
    random_state: JSON.stringify(metadata.randomState),
    learning_rate: String(metadata.learningRate),
    schedule: JSON.stringify(metadata.schedule),
    best_validation_loss: String(metadata.bestValidationLoss),
    training: JSON.stringify(metadata.training),
  };
}

function decodeMetadata(strings: Record<string, string>, source: string): CheckpointMetadata {
  const version = Number(strings.format_version);
  if (version !== checkpointFormatVersion) throw new CheckpointError(`${source} has checkpoint format version ${strings.format_version}; this version reads ${checkpointFormatVersion}`);
  const json = (key: string): unknown => {
    try {
      return JSON.parse(strings[key] ?? "");
    } catch {
      throw new CheckpointError(`${source} has a broken checkpoint header: metadata "${key}" is missing or not JSON`);
    }
  };
  const number = (key: string): number => {
    const value = Number(strings[key]);
    if (strings[key] === undefined || Number.isNaN(value)) throw new CheckpointError(`${source} has a broken checkpoint header: metadata "${key}" is missing or not a number`);
    return value;
  };
  const classNames = json("class_names");
  if (!Array.isArray(classNames) || classNames.length !== number("class_count")) throw new CheckpointError(`${source} has a broken checkpoint header: class_names does not match class_count`);
  if (typeof strings.variant !== "string") throw new CheckpointError(`${source} has a broken checkpoint header: no variant`);
  const metadata: CheckpointMetadata = {
    variant: strings.variant,
    variantOptions: json("variant_options") as VariantOptions,
    classNames: classNames as string[],
    epoch: number("epoch"),
    stepInEpoch: number("step_in_epoch"),
    step: number("step"),
    randomState: json("random_state") as number[],
    learningRate: number("learning_rate"),
    schedule: json("schedule"),
    bestValidationLoss: number("best_validation_loss"),
    training: json("training") as Record<string, unknown>,
  };
  checkMetadataRanges(metadata, source);
  if (typeof metadata.training !== "object" || metadata.training === null || Array.isArray(metadata.training)) throw new CheckpointError(`${source} has a broken checkpoint header: training is not an object`);
  return metadata;
}
