import { experimentNames } from "@alexnet-ts/alexnet";
import { Option, type Command } from "commander";
import { decimalInRange, wholeNumber } from "../parse.js";

/** `alexnet experiment`'s options as commander parses them. */
export interface ExperimentFlags {
  readonly grid?: string;
  readonly data: string;
  readonly backend: string;
  readonly variant: string;
  readonly epochs: number;
  readonly imagesPerEpoch?: number;
  readonly batch?: number;
  readonly lr?: number;
  readonly seeds: number;
  readonly firstSeed: number;
  readonly threshold?: number;
  readonly out: string;
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly reportOnly?: boolean;
}

/** Declares `alexnet experiment`'s options and help on `command`. */
export function addExperimentOptions(command: Command): Command {
  return command
    .argument("<name>", `${experimentNames.join(", ")}, or grid (with --grid)`)
    .addOption(new Option("--grid <axes>", 'for `grid`: flags and values to combine, "activation=relu,tanh dropout=0,0.5" (also normalization, pooling, crop, flip, pca=on,off)'))
    .addOption(new Option("--data <source>", "any --data that `alexnet train` reads (mnist, fashion-mnist, cifar10:PATH, a folder, synthetic)").makeOptionMandatory())
    .addOption(new Option("--backend <name>", "the backend every run trains on").default("cpu"))
    .addOption(new Option("--variant <name>", "the AlexNet variant of every arm").default("small"))
    .addOption(new Option("--epochs <n>", "epochs per run").argParser(wholeNumber("--epochs", 1)).default(4))
    .addOption(new Option("--images-per-epoch <n>", "train each run on a seeded sample of n images (validation and test shrink in proportion); default: all").argParser(wholeNumber("--images-per-epoch", 1)))
    .addOption(new Option("--batch <n>", "images per step (default: the variant's recipe)").argParser(wholeNumber("--batch", 1)))
    .addOption(new Option("--lr <rate>", "initial learning rate (default: the variant's recipe)").argParser(decimalInRange("--lr", 1e-9, 10)))
    .addOption(new Option("--seeds <n>", "seeds per arm; the spread over them decides the verdicts").argParser(wholeNumber("--seeds", 1)).default(3))
    .addOption(new Option("--first-seed <n>", "the first seed (seeds are consecutive)").argParser(wholeNumber("--first-seed", 0)).default(1))
    .addOption(new Option("--threshold <percent>", "activation: the training error (%) to time; default: chosen from the data and stated").argParser(decimalInRange("--threshold", 0.01, 99.99)))
    .addOption(new Option("--out <folder>", "experiments folder: the report goes to <out>/<name>, the runs to <out>/runs (shared by arms with equal settings)").default("experiments"))
    .option("--json", "print the summary as JSON instead of the table")
    .option("--markdown", "print the summary as a Markdown table instead of the plain one")
    .option("--report-only", "train nothing: summarize the runs that have finished (while another process trains, or to redraw)")
    .addHelpText(
      "after",
      "\nEach arm at each seed is an ordinary training run folder (checkpoint, metrics.jsonl, chart); Ctrl-C stops\n" +
        "after saving, and the same command again continues where it stopped. The verdicts come from the spread over\n" +
        "seeds: a difference counts when it exceeds two standard errors.\n" +
        "\nExamples:\n  alexnet experiment activation --data fashion-mnist --images-per-epoch 2000 --epochs 4\n" +
        "  alexnet experiment dropout --data mnist --seeds 5\n" +
        '  alexnet experiment grid --grid "normalization=lrn,none pooling=overlapping,plain" --data synthetic\n',
    );
}
