import {
  CheckpointError,
  DataError,
  evaluateDataset,
  openDataSource,
  parseDataSpec,
  type Dataset,
  type DataSpec,
  type Evaluation,
  type TrainedModel,
} from "@alexnet-ts/alexnet";
import { Option, type Command } from "commander";
import type { CommandContext } from "./context.js";
import { loadModelFile } from "../model-file.js";
import { resolveBackend } from "../resolve-backend.js";
import { UsageError } from "../errors.js";
import { formatJson, type EvalDocument } from "../json-output.js";
import { oneOf, wholeNumber } from "../parse.js";
import { toUsage } from "./to-usage.js";

interface EvalFlags {
  readonly backend: string;
  readonly checkpoint: string;
  readonly data: string;
  readonly split?: "test" | "validation";
  readonly tenCrop?: boolean;
  readonly batch: number;
  readonly variant?: string;
  readonly onCorrupt: "skip" | "fail";
  readonly limit?: number;
  readonly json?: boolean;
}

/** `alexnet eval`: top-1 and top-5 of a checkpoint on test or validation data, optionally with ten-crop averaging. */
export function registerEvalCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("eval")
    .description("evaluate a checkpoint: loss, top-1 and top-5 accuracy (optionally the paper's ten-crop averaging)")
    .addOption(new Option("--checkpoint <file>", "a checkpoint written by `alexnet train`, or its run folder (read through run.json), or converted torchvision weights with --variant torchvision").makeOptionMandatory())
    .addOption(new Option("--data <source>", "mnist, fashion-mnist, mnist:FOLDER, fashion-mnist:FOLDER, mnist-subset, synthetic, cifar10:PATH or an image folder").makeOptionMandatory())
    .addOption(new Option("--backend <name>", "the backend to run on (see `alexnet backends`)").default("cpu"))
    .addOption(new Option("--split <part>", "test (default where the data has a test set) or validation (the training run's held-out part)").argParser(oneOf("--split", ["test", "validation"] as const)))
    .option("--ten-crop", "average the softmax over the four corner crops, the centre crop and their mirror images (section 4.1; the mirror images are left out for a model trained without flips)")
    .addOption(new Option("--batch <n>", "images per forward pass").argParser(wholeNumber("--batch", 1)).default(100))
    .addOption(new Option("--variant <name>", "the variant, for weights without alexnet-ts metadata (torchvision weights converted from PyTorch)"))
    .addOption(new Option("--on-corrupt <policy>", "an undecodable image in a folder: fail, or skip it (listed)").argParser(oneOf("--on-corrupt", ["skip", "fail"] as const)).default("fail"))
    .addOption(new Option("--limit <n>", "evaluate a seeded sample of about n images' worth (as train's --limit)").argParser(wholeNumber("--limit", 1)))
    .option("--json", "print one JSON document (schema alexnet-eval/1, see docs/json-output.md) instead of text");
  command.addHelpText("after", "\nExamples:\n  alexnet eval --checkpoint runs/mnist/best.safetensors --data mnist\n  alexnet eval --checkpoint runs/cifar/checkpoint.safetensors --data cifar10:./cifar-10-batches-bin --ten-crop\n");
  command.action((flags: EvalFlags) => runEval(flags, context));
}

/** The training settings a checkpoint records that evaluation reads. */
interface TrainingRecord {
  readonly seed?: number;
  readonly data?: string;
  readonly augmentation?: { readonly flip?: boolean };
}

/** Loads the checkpoint, opens the split it is measured on, evaluates it and prints the result. */
async function runEval(flags: EvalFlags, context: CommandContext): Promise<void> {
  const spec = toUsage(() => parseDataSpec(flags.data));
  const backend = await resolveBackend(flags.backend);
  try {
    const trained = await loadModelFile(backend, flags.checkpoint, { variant: flags.variant });
    try {
      const training = (trained.metadata?.training ?? {}) as TrainingRecord;
      const { dataset, split, skipped } = openEvaluationSplit(spec, flags, trained, training, context.io);
      // A model trained without flips (digits) has never seen mirror images: average the five unflipped crops.
      const mirror = training.augmentation?.flip ?? true;
      const started = performance.now();
      const result = await evaluateDataset(trained.model, dataset, trained.pipeline, { batch: flags.batch, tenCrop: flags.tenCrop === true, mirror });
      const seconds = (performance.now() - started) / 1000;
      printEvaluation({ flags, dataset, split, skipped, mirror, backend: backend.name, result, seconds }, context.io);
    } finally {
      trained.model.dispose();
    }
  } catch (error) {
    if (error instanceof DataError || error instanceof CheckpointError) throw new UsageError(error.message);
    throw error;
  } finally {
    await backend.close?.();
  }
}

/** The split to evaluate (--split, else test where there is one), checked against what the model takes. */
function openEvaluationSplit(spec: DataSpec, flags: EvalFlags, trained: TrainedModel, training: TrainingRecord, io: CommandContext["io"]): { dataset: Dataset; split: "test" | "validation"; skipped: string[] } {
  const skipped: string[] = [];
  const source = openDataSource(spec, {
    imageSize: trained.pipeline.geometry.storedSize,
    seed: training.seed ?? 1,
    onCorrupt: flags.onCorrupt,
    onSkip: (path, reason) => {
      skipped.push(path);
      io.stderr(`skipped corrupt image ${path}: ${reason}\n`);
    },
    limit: flags.limit,
    syntheticClasses: trained.classNames.length,
    syntheticChannels: trained.pipeline.channels,
  });
  const split = flags.split ?? (source.test !== undefined ? "test" : "validation");
  const dataset = split === "test" ? source.test : source.validation;
  if (dataset === undefined) throw new UsageError(`${flags.data} has no test set; pass --split validation`);
  if (dataset.classNames.length !== trained.classNames.length) {
    throw new UsageError(`${flags.data} has ${dataset.classNames.length} classes, but ${flags.checkpoint} was trained for ${trained.classNames.length}`);
  }
  if (dataset.channels !== trained.pipeline.channels || dataset.height !== trained.pipeline.geometry.storedSize) {
    throw new UsageError(`${flags.data} gives ${dataset.channels}×${dataset.height}×${dataset.width} images, but ${flags.checkpoint} expects ${trained.pipeline.channels}×${trained.pipeline.geometry.storedSize}×${trained.pipeline.geometry.storedSize}`);
  }
  if (split === "validation" && training.data !== undefined && training.data !== flags.data) {
    io.stderr(`note: the checkpoint was trained on ${training.data}; its validation split is only reproduced on the same data\n`);
  }
  return { dataset, split, skipped };
}

/** What one evaluation measured, for its text line or JSON document. */
interface EvaluationReport {
  readonly flags: EvalFlags;
  readonly dataset: Dataset;
  readonly split: "test" | "validation";
  readonly skipped: readonly string[];
  readonly mirror: boolean;
  readonly backend: string;
  readonly result: Evaluation;
  readonly seconds: number;
}

/** One line of text, or the alexnet-eval/1 JSON document with --json. */
function printEvaluation(report: EvaluationReport, io: CommandContext["io"]): void {
  const { flags, dataset, split, skipped, mirror, backend, result, seconds } = report;
  if (flags.json === true) {
    const document: EvalDocument = {
      schema: "alexnet-eval/1",
      checkpoint: flags.checkpoint,
      data: flags.data,
      split,
      dataset: dataset.description,
      crops: flags.tenCrop !== true ? "centre" : mirror ? "ten" : "five",
      backend,
      count: result.count,
      loss: result.loss,
      top1: result.top1,
      top5: result.top5,
      seconds,
      skipped,
    };
    io.stdout(formatJson(document));
    return;
  }
  io.stdout(
    `${dataset.description}, ${flags.tenCrop !== true ? "centre crop" : mirror ? "ten-crop" : "five-crop (trained without flips, so no mirror images)"}: ${result.count} images, loss ${result.loss.toFixed(4)}, ` +
      `top-1 ${(100 * result.top1).toFixed(2)}%, top-5 ${(100 * result.top5).toFixed(2)}% (${seconds.toFixed(1)} s on ${backend})\n`,
  );
}
