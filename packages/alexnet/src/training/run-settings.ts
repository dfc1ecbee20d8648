import { createHash } from "node:crypto";
import type { DataSource } from "../data/source.js";
import type { VariantOptions } from "../variants/index.js";
import type { AugmentationSwitches, TrainOptions } from "./options.js";

/**
 * Everything that determines a run besides its seed-driven state, as stored in each checkpoint's
 * metadata. A resume with any of these changed would not continue the same run, so it is refused.
 */
export interface RunSettings {
  readonly seed: number;
  readonly batchSize: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly schedule: string;
  readonly data: string;
  readonly dataFingerprint: string;
  readonly limit: number | null;
  readonly validationFraction: number | null;
  readonly validationFolder: string | null;
  readonly augmentation: AugmentationSwitches;
  readonly variantOptions: VariantOptions;
}

/** The settings of a run from its options. */
export function runSettings(options: TrainOptions, fingerprint: string): RunSettings {
  return {
    seed: options.seed,
    batchSize: options.batchSize,
    momentum: options.momentum,
    weightDecay: options.weightDecay,
    schedule: options.schedule,
    data: options.dataText,
    dataFingerprint: fingerprint,
    limit: options.dataOptions?.limit ?? null,
    validationFraction: options.dataOptions?.validationFraction ?? null,
    validationFolder: options.dataOptions?.validationFolder ?? null,
    augmentation: options.augmentation,
    variantOptions: options.variantOptions,
  };
}

/** The flag each setting comes from, for the refusal's message. */
const settingFlags: Readonly<Record<keyof RunSettings, string>> = {
  seed: "--seed",
  batchSize: "--batch",
  momentum: "--momentum",
  weightDecay: "--weight-decay",
  schedule: "--schedule",
  data: "--data",
  dataFingerprint: "--data",
  limit: "--limit",
  validationFraction: "--val-split",
  validationFolder: "--val-data",
  augmentation: "--no-augment/--no-crop/--no-flip/--no-pca",
  variantOptions: "the model flags",
};

/** The flag of each variant option. */
const variantFlags: Readonly<Record<string, string>> = {
  classes: "--classes",
  inputSize: "--input",
  inputChannels: "--channels",
  activation: "--activation",
  normalization: "--normalization",
  pooling: "--pooling",
  dropout: "--dropout",
};

/**
 * The first difference between the settings a checkpoint was trained with and the current ones,
 * as "--momentum 0.9, not 0.5", or undefined when they agree. Settings the checkpoint does not
 * record (written by an older version) are not compared, except those it always had.
 */
export function settingsDifference(saved: Partial<RunSettings>, current: RunSettings): string | undefined {
  // The data's identity is compared after the flags that explain a difference in it (--limit, --val-split).
  const order: (keyof RunSettings)[] = ["seed", "batchSize", "momentum", "weightDecay", "schedule", "limit", "validationFraction", "validationFolder", "augmentation", "variantOptions", "dataFingerprint"];
  for (const key of order) {
    if (!(key in saved)) continue;
    const before = saved[key];
    const now = current[key];
    if (key === "variantOptions") {
      const difference = variantDifference((before ?? {}) as VariantOptions, now as VariantOptions);
      if (difference !== undefined) return difference;
      continue;
    }
    if (key === "augmentation") {
      const switches = (before ?? {}) as Partial<AugmentationSwitches>;
      for (const name of ["crop", "flip", "pca"] as const) {
        if (switches[name] !== undefined && switches[name] !== (now as AugmentationSwitches)[name]) return `${name} augmentation ${switches[name] ? "on" : "off"}, not ${(now as AugmentationSwitches)[name] ? "on" : "off"} (${settingFlags.augmentation})`;
      }
      continue;
    }
    if (JSON.stringify(before) === JSON.stringify(now)) continue;
    if (key === "dataFingerprint") return `--data ${saved.data ?? "?"} (other images than --data ${current.data} gives)`;
    return `${settingFlags[key]} ${show(before)}, not ${show(now)}`;
  }
  return undefined;
}

function variantDifference(before: VariantOptions, now: VariantOptions): string | undefined {
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  for (const key of keys) {
    const [a, b] = [(before as Record<string, unknown>)[key], (now as Record<string, unknown>)[key]];
    if (JSON.stringify(a) !== JSON.stringify(b)) return `${variantFlags[key] ?? key} ${show(a)}, not ${show(b)}`;
  }
  return undefined;
}

function show(value: unknown): string {
  return value === null || value === undefined ? "(not given)" : String(value);
}

/**
 * A digest of the training data: counts, class names, every label, and the pixels of the first
 * two images. Cheap (no more than two images are decoded) and different for different data of
 * the same shape, or another --limit sample of the same data.
 */
export async function dataFingerprint(data: DataSource): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ train: data.train.count, validation: data.validation.count, classes: data.train.classNames, channels: data.train.channels, size: data.train.height }));
  const labels = new Int32Array(data.train.count);
  for (let index = 0; index < labels.length; index++) labels[index] = data.train.labelOf(index);
  hash.update(new Uint8Array(labels.buffer));
  const first = Array.from({ length: Math.min(2, data.train.count) }, (_, index) => index);
  if (first.length > 0) {
    const batch = await data.train.read(first);
    hash.update(new Uint8Array(batch.images.buffer, batch.images.byteOffset, batch.images.byteLength));
  }
  return hash.digest("hex").slice(0, 32);
}
