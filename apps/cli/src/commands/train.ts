import {
  CheckpointError,
  createConsoleReporter,
  DataError,
  naturalChannels,
  naturalImageSize,
  openDataSource,
  parseDataSpec,
  scheduleKinds,
  train,
  trainingRecipe,
  TrainingDivergedError,
  trainingRecipes,
  type DataSource,
  type ScheduleKind,
  type VariantOptions,
} from "@alexnet-ts/alexnet";
import { Option, type Command } from "commander";
import type { CommandContext } from "./context.js";
import { resolveBackend } from "../backends.js";
import { CommandExit, UsageError } from "../errors.js";
import { decimalInRange, oneOf, wholeNumber } from "../parse.js";
import { addVariantOptions, buildFromFlags, type VariantFlags } from "../variant-options.js";

interface TrainFlags extends VariantFlags {
  readonly backend: string;
  readonly data: string;
  readonly epochs?: number;
  readonly batch?: number;
  readonly lr?: number;
  readonly momentum?: number;
  readonly weightDecay?: number;
  readonly schedule?: ScheduleKind;
  readonly seed: number;
  readonly out: string;
  readonly resume?: boolean;
  readonly augment: boolean;
  readonly crop: boolean;
  readonly flip?: boolean;
  readonly pca: boolean;
  readonly onCorrupt: "skip" | "fail";
  readonly valSplit: number;
  readonly valData?: string;
  readonly limit?: number;
}

/** A positive decimal ("0.01", "1e-3", "1000000"); NaN, zero and negatives are refused. */
function positiveNumber(flag: string, allowZero = false): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) {
      throw new UsageError(`${flag} must be a ${allowZero ? "non-negative" : "positive"} number, but is "${value}"`);
    }
    return number;
  };
}

/** `alexnet train`: the paper's recipe on a backend, with checkpoints, resume, metrics and a chart. */
export function registerTrainCommand(program: Command, context: CommandContext): void {
  // Variants sharing a recipe are listed together: "paper, seed-keras, …: lr 0.01, batch 128, 90 epochs".
  const groups = new Map<string, string[]>();
  for (const [name, recipe] of Object.entries(trainingRecipes)) {
    const key = `lr ${recipe.learningRate}, batch ${recipe.batchSize}, ${recipe.epochs} epochs`;
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  const defaults = [...groups].map(([key, names]) => `  ${names.join(", ")}: ${key}`).join("\n");
  const command = program
    .command("train")
    .description("train a variant with the paper's recipe (SGD, momentum 0.9, weight decay 5e-4, lr ÷10 on plateau)")
    .addOption(new Option("--backend <name>", "the backend to run on (see `alexnet backends`)").default("cpu"))
    .addOption(new Option("--data <source>", "mnist, synthetic, cifar10:PATH (the binary version) or an image folder (one sub-folder per class)").makeOptionMandatory())
    .addOption(new Option("--epochs <n>", "epochs to train (default: the variant's recipe)").argParser(wholeNumber("--epochs", 1)))
    .addOption(new Option("--batch <n>", "images per step (default: the variant's recipe)").argParser(wholeNumber("--batch", 1)))
    .addOption(new Option("--lr <rate>", "initial learning rate (default: the variant's recipe)").argParser(positiveNumber("--lr")))
    .addOption(new Option("--momentum <m>", "SGD momentum (default 0.9)").argParser(decimalInRange("--momentum", 0, 1)))
    .addOption(new Option("--weight-decay <w>", "L2 weight decay (default 0.0005)").argParser(positiveNumber("--weight-decay", true)))
    .addOption(new Option("--schedule <kind>", "learning-rate schedule: plateau (÷10 when validation loss stalls, the paper), step (÷10 every third of the epochs) or cosine").argParser(oneOf("--schedule", scheduleKinds)))
    .addOption(new Option("--seed <n>", "seed of initialization, data order, augmentation and dropout").argParser(wholeNumber("--seed", 0)).default(1))
    .addOption(new Option("--out <folder>", "folder for checkpoint.safetensors, best.safetensors, metrics.jsonl and training.svg").default("alexnet-run"))
    .option("--resume", "continue exactly from <out>/checkpoint.safetensors (same --seed and --batch)")
    .option("--no-augment", "no training augmentation at all (centre crops only)")
    .option("--no-crop", "centre crops instead of random crops")
    .option("--no-flip", "no random horizontal flips (MNIST never flips: digits are not mirror-symmetric)")
    .option("--no-pca", "no PCA colour augmentation (greyscale data never has it)")
    .addOption(new Option("--on-corrupt <policy>", "an undecodable image in a folder: fail the run, or skip it (listed)").argParser(oneOf("--on-corrupt", ["skip", "fail"] as const)).default("fail"))
    .addOption(new Option("--val-split <fraction>", "fraction of the training images held out for validation").argParser(decimalInRange("--val-split", 0.001, 1)).default(0.1))
    .addOption(new Option("--val-data <folder>", "a separate validation folder (image folders only)"))
    .addOption(new Option("--limit <n>", "use a seeded sample of n training images (and proportionally fewer validation and test images)").argParser(wholeNumber("--limit", 1)));
  addVariantOptions(command);
  command.addHelpText(
    "after",
    `\nDefaults per variant (momentum 0.9, weight decay 0.0005, plateau schedule for all):\n${defaults}\n` +
      "Initialization comes from the variant: paper N(0, 0.01) with biases 1 in conv2, conv4, conv5, fc6, fc7;\n" +
      "small N(0, 0.05), biases 0; torchvision and seed-torch PyTorch's defaults; seed-keras Glorot.\n" +
      "Ctrl-C finishes the current step, saves a checkpoint and exits with code 130; --resume continues.\n" +
      "\nExamples:\n  alexnet train --variant small --data mnist --out runs/mnist\n" +
      "  alexnet train --variant small --data cifar10:./cifar-10-batches-bin\n" +
      "  alexnet train --variant paper --data ./imagenet/train --val-data ./imagenet/val --on-corrupt skip\n",
  );
  command.action(async (flags: TrainFlags) => {
    const io = context.io;
    const spec = toUsage(() => parseDataSpec(flags.data));
    if (flags.valData !== undefined && spec.kind !== "folder") throw new UsageError("--val-data works with image folders only; mnist, cifar10 and synthetic have their own splits");
    const recipe = trainingRecipe(flags.variant);
    const small = flags.variant === "small";
    // The small variant takes the data's own size and channels; the big ones keep their 224/227 inputs.
    const shaped: VariantFlags = {
      ...flags,
      input: flags.input ?? (small ? naturalImageSize(spec) : undefined),
      channels: flags.channels ?? (spec.kind === "mnist" || spec.kind === "cifar10" ? naturalChannels(spec) : undefined),
    };
    const probe = buildFromFlags(shaped).graph;
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
    if (data.train.channels !== channels) throw new UsageError(`${data.train.description} has ${data.train.channels} channel(s), but the model takes ${channels}; pass --channels ${data.train.channels}`);
    if (storedSize < inputSize) {
      throw new UsageError(`${flags.data} images are ${storedSize}×${storedSize}, smaller than the ${flags.variant} variant's ${inputSize}×${inputSize} input; use --variant small or --input ${storedSize}`);
    }
    const classes = data.train.classNames.length;
    if (flags.classes !== undefined && flags.classes !== classes) throw new UsageError(`--classes ${flags.classes} does not match the data, which has ${classes} classes`);
    const variantOptions: VariantOptions = { ...graphOptions(shaped), classes };
    const { graph } = buildFromFlags({ ...shaped, classes });
    const backend = await resolveBackend(flags.backend);
    const controller = new AbortController();
    const onInterrupt = (): void => {
      if (controller.signal.aborted) process.exit(130);
      io.stderr("\ninterrupt: finishing the current step and saving a checkpoint (Ctrl-C again to quit at once)\n");
      controller.abort();
    };
    process.on("SIGINT", onInterrupt);
    const epochs = flags.epochs ?? recipe.epochs;
    io.stdout(`training ${flags.variant} on ${data.train.description} (validation: ${data.validation.description}) with backend ${backend.name}: ${backend.describe()}\n`);
    try {
      const result = await train({
        backend,
        variant: flags.variant,
        variantOptions,
        graph,
        data,
        dataText: flags.data,
        epochs,
        batchSize: flags.batch ?? recipe.batchSize,
        learningRate: flags.lr ?? recipe.learningRate,
        momentum: flags.momentum ?? recipe.momentum,
        weightDecay: flags.weightDecay ?? recipe.weightDecay,
        schedule: flags.schedule ?? recipe.schedule,
        seed: flags.seed,
        augmentation: { crop: flags.augment && flags.crop, flip: flags.augment && (flags.flip ?? true) && data.flipByDefault, pca: flags.augment && flags.pca && channels === 3 },
        outFolder: flags.out,
        resume: flags.resume === true,
        signal: controller.signal,
        reporter: createConsoleReporter(io.stdout, process.stdout.isTTY === true),
      });
      if (result.interrupted) {
        io.stderr(`interrupted after ${result.steps} steps; checkpoint ${result.checkpointPath}; continue with --resume\n`);
        if (controller.signal.aborted) throw new CommandExit(130);
        return;
      }
      io.stdout(`checkpoint: ${result.checkpointPath}\nchart: ${result.chartPath} (SVG; no PNG renderer is installed)\n`);
      if (result.test !== undefined) {
        io.stdout(`test: ${result.test.count} images, loss ${result.test.loss.toFixed(4)}, top-1 ${(100 * result.test.top1).toFixed(2)}%, top-5 ${(100 * result.test.top5).toFixed(2)}%\n`);
      }
    } catch (error) {
      if (error instanceof DataError || error instanceof CheckpointError || error instanceof TrainingDivergedError) throw new UsageError(error.message);
      throw error;
    } finally {
      process.off("SIGINT", onInterrupt);
      await backend.close?.();
    }
  });
}

/** The variant options the flags set (to record in the checkpoint). */
function graphOptions(flags: VariantFlags): VariantOptions {
  return {
    ...(flags.input !== undefined && { inputSize: flags.input }),
    ...(flags.channels !== undefined && { inputChannels: flags.channels }),
    ...(flags.activation !== undefined && { activation: flags.activation }),
    ...(flags.normalization !== undefined && { normalization: flags.normalization }),
    ...(flags.pooling !== undefined && { pooling: flags.pooling }),
    ...(flags.dropout !== undefined && { dropout: flags.dropout }),
  };
}

/** Runs a data-opening step, turning its DataError into a usage error (one line, exit 2). */
export function toUsage<T>(open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof DataError || error instanceof CheckpointError || error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}
