import { checkModelMemory, isMnistLike, memoryLimit, trainingRecipe, naturalChannels, naturalImageSize, openDataSource, parseDataSpec, type DataSource, type VariantOptions } from "@alexnet-ts/alexnet";
import type { Graph } from "@alexnet-ts/ir";
import type { CliIo } from "../io.js";
import { UsageError } from "../errors.js";
import { buildFromFlags, variantOptionsFromFlags, type VariantFlags } from "../variant-options.js";
import type { TrainFlags } from "./train-options.js";
import { toUsage } from "./to-usage.js";

/** The data a training run reads and the model it trains, both checked against each other. */
export interface TrainingInputs {
  readonly data: DataSource;
  readonly graph: Graph;
  /** The options the graph was built with, recorded in checkpoints. */
  readonly variantOptions: VariantOptions;
}

/**
 * Opens `--data` and builds the model for it: the small variant takes the data's own size and
 * channels, the big ones keep their 224/227 inputs (images are stored at 256/227 of the crop).
 * Channels, image size and classes that do not fit are refused in one line.
 */
export function openTrainingInputs(flags: TrainFlags, io: CliIo): TrainingInputs {
  const spec = toUsage(() => parseDataSpec(flags.data));
  if (flags.valData !== undefined && spec.kind !== "folder") throw new UsageError("--val-data works with image folders only; mnist, fashion-mnist, mnist-subset, cifar10 and synthetic have their own splits");
  const small = flags.variant === "small";
  const shaped: VariantFlags = {
    ...flags,
    input: flags.input ?? (small ? naturalImageSize(spec) : undefined),
    channels: flags.channels ?? (isMnistLike(spec) || spec.kind === "cifar10" ? naturalChannels(spec) : undefined),
  };
  const probe = buildFromFlags(shaped).graph;
  // Bounded from the IR's counts before any data is opened or any tensor allocated.
  checkModelMemory(probe, { batch: flags.batch ?? trainingRecipe(flags.variant).batchSize, training: true, limit: memoryLimit(io.env) });
  const [channels, inputSize] = [probe.input.shape[0], probe.input.shape[1]];
  const storedSize = naturalImageSize(spec) ?? (inputSize >= 64 ? Math.round((inputSize * 256) / 227) : inputSize);
  const data: DataSource = toUsage(() =>
    openDataSource(spec, {
      imageSize: storedSize,
      seed: flags.seed,
      validationFraction: flags.valSplit,
      validationFolder: flags.valData,
      onCorrupt: flags.onCorrupt,
      onSkip: (path, reason) => io.stderr(`skipped corrupt image ${path}: ${reason}\n`),
      limit: flags.limit,
      syntheticClasses: flags.classes ?? 10,
      syntheticChannels: channels,
    }),
  );
  if (data.train.classNames.length < 2) throw new UsageError(`${data.train.description} has only ${data.train.classNames.length} class (${data.train.classNames.join(", ")}); a classifier learns nothing from one (its loss is 0 from the start): add a sub-folder per class`);
  if (data.train.channels !== channels) throw new UsageError(`${data.train.description} has ${data.train.channels} channel(s), but the model takes ${channels}; pass --channels ${data.train.channels}`);
  if (storedSize < inputSize) {
    throw new UsageError(`${flags.data} images are ${storedSize}×${storedSize}, smaller than the ${flags.variant} variant's ${inputSize}×${inputSize} input; use --variant small or --input ${storedSize}`);
  }
  const classes = data.train.classNames.length;
  if (flags.classes !== undefined && flags.classes !== classes) throw new UsageError(`--classes ${flags.classes} does not match the data, which has ${classes} classes`);
  const { graph } = buildFromFlags({ ...shaped, classes });
  return { data, graph, variantOptions: { ...variantOptionsFromFlags(shaped), classes } };
}
