import { readFileSync } from "node:fs";
import { CheckpointError, checkModelMemory, DataError, memoryLimit, predictFile, type TrainedModel } from "@alexnet-ts/alexnet";
import { loadModelFile } from "../model-file.js";
import { createModel, createRandom, type Backend } from "@alexnet-ts/engine";
import { elementCount } from "@alexnet-ts/ir";
import { Option, type Command } from "commander";
import { resolveBackend } from "../resolve-backend.js";
import { CommandExit, someInputsFailedExitCode, UsageError } from "../errors.js";
import { expandImagePaths } from "../image-paths.js";
import { formatJson, type PredictDocument, type RankedClass } from "../json-output.js";
import { wholeNumber } from "../parse.js";
import { addVariantOptions, buildFromFlags, type VariantFlags } from "../variant-options.js";
import type { CommandContext } from "./context.js";
import { checkModelFlagsAgainstCheckpoint } from "../checkpoint-flags.js";

interface PredictFlags extends VariantFlags {
  readonly backend: string;
  readonly seed: number;
  readonly values?: string;
  readonly top: number;
  readonly checkpoint?: string;
  readonly json?: boolean;
}

/**
 * `alexnet predict`: one forward pass on a backend and the top classes.
 * - `--checkpoint C image.png folder "photos/*.jpg" …`: classifies image files with trained weights,
 *   class names from the checkpoint (ImageNet's for converted torchvision weights). An image that
 *   cannot be read is reported in one line and skipped; the exit code is then 3.
 * - without a checkpoint the weights are freshly initialized from --seed, so it is a smoke test of
 *   the backend and the model; the input is a seeded random image, or the values in a JSON file.
 */
export function registerPredictCommand(program: Command, context: CommandContext): void {
  addVariantOptions(
    program
      .command("predict")
      .description("classify images with a trained checkpoint, or (without one) run a seeded smoke forward pass; prints the top classes")
      .argument("[images...]", "JPEG or PNG files, folders (their images, recursively) or quoted globs (\"photos/**/*.jpg\") to classify (needs --checkpoint)")
      .addOption(new Option("--checkpoint <file>", "weights written by `alexnet train` (or torchvision weights converted to safetensors, with --variant torchvision)"))
      .addOption(new Option("--backend <name>", "the backend to run on (see `alexnet backends`)").default("cpu"))
      .addOption(new Option("--seed <n>", "seed for the weights and the random input image").default(0).argParser(wholeNumber("--seed", 0)))
      .addOption(new Option("--values <file.json>", "the input image as JSON: an array of C×H×W numbers (NCHW, one image), or { shape, values }"))
      .addOption(new Option("--top <n>", "how many classes to print (all of them when the model has fewer)").default(5).argParser(wholeNumber("--top", 1)))
      .option("--json", "print one JSON document (schema alexnet-predict/1, see docs/json-output.md) instead of text"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  alexnet predict --variant small                                  # a seeded smoke forward pass\n" +
        "  alexnet predict --checkpoint runs/mnist photos/ --top 3             # a run folder: its committed checkpoint\n" +
        "  alexnet predict --variant torchvision --checkpoint alexnet.safetensors photo.jpg --json\n",
    )
    .addHelpText("after", "\nExit codes: 0 every image classified; 2 bad usage (nothing classified); 3 some images could not be read (each named on stderr, the others classified).\n")
    .action(async (images: string[], flags: PredictFlags, command: Command) => {
    if (flags.checkpoint !== undefined) {
      const variant = command.getOptionValueSource("variant") === "cli" ? flags.variant : undefined;
      await predictWithCheckpoint(context, flags, images, variant, command);
      return;
    }
    if (images.length > 0) throw new UsageError("classifying image files needs trained weights: add --checkpoint FILE (written by `alexnet train`)");
    const { graph } = buildFromFlags(flags);
    // Bounded from the IR's counts before the input image or any tensor is allocated.
    checkModelMemory(graph, { batch: 1, training: false, limit: memoryLimit(context.io.env) });
    const imageSize = elementCount(graph.input.shape);
    const image = flags.values === undefined ? randomImage(imageSize, flags.seed) : readValues(flags.values, graph.input.shape);
    const backend = await resolveBackend(flags.backend);
    try {
      const model = await createModel(backend, graph, { seed: flags.seed });
      const started = performance.now();
      const output = await model.predict(image, 1);
      const elapsed = performance.now() - started;
      const lastOp = graph.nodes.find((node) => node.name === graph.output)?.op;
      const probabilities = lastOp === "softmax" ? output : lastOp === "logSoftmax" ? output.map(Math.exp) : softmax(output);
      const ranked = [...probabilities.keys()].sort((a, b) => probabilities[b] - probabilities[a] || a - b).slice(0, flags.top);
      const className = (index: number): string => graph.classNames?.[index] ?? `class-${index}`;
      if (flags.json === true) {
        const top = ranked.map((index, rank) => ({ rank: rank + 1, index, className: className(index), probability: probabilities[index] }));
        const document: PredictDocument = {
          schema: "alexnet-predict/1",
          model: { graph: graph.name, checkpoint: null, seed: flags.seed, backend: flags.backend, classes: probabilities.length },
          predictions: [{ path: flags.values ?? null, top }],
          failures: [],
        };
        context.io.stdout(formatJson(document));
        model.dispose();
        return;
      }
      const lines = [
        `${graph.name} on ${flags.backend} (${backend.describe()}), weights from seed ${flags.seed}${flags.values === undefined ? ", random input" : `, input ${flags.values}`}`,
        `forward pass: ${elapsed.toFixed(1)} ms`,
        ...ranked.map((index, rank) => `${String(rank + 1).padStart(2)}. ${className(index).padEnd(20)} ${(probabilities[index] * 100).toFixed(2).padStart(6)}%`),
      ];
      context.io.stdout(`${lines.join("\n")}\n`);
      model.dispose();
    } finally {
      await backend.close?.();
    }
  });
}

/**
 * Classifies the images the arguments expand to. Text output is printed image by image as it is
 * computed; --json prints one document at the end. Unreadable images and arguments that give no
 * image are reported on stderr (one line each) and skipped, and the command then exits with code 3.
 */
async function predictWithCheckpoint(context: CommandContext, flags: PredictFlags, images: readonly string[], variant: string | undefined, command: Command): Promise<void> {
  if (images.length === 0) throw new UsageError("--checkpoint needs at least one image, folder or glob to classify: alexnet predict --checkpoint C image.png …");
  const checkpoint = flags.checkpoint!;
  const { paths, failures } = expandImagePaths(images);
  const report = (path: string, reason: string): void => context.io.stderr(`alexnet: skipped ${path}: ${reason}\n`);
  for (const failure of failures) report(failure.path, failure.reason);
  if (paths.length === 0) throw new UsageError(`nothing to classify: ${images.join(", ")} gave no image file`);
  const backend: Backend = await resolveBackend(flags.backend);
  try {
    let trained: TrainedModel;
    try {
      trained = await loadModelFile(backend, checkpoint, variant === undefined ? {} : { variant });
    } catch (error) {
      if (error instanceof CheckpointError || error instanceof DataError) throw new UsageError(error.message);
      throw error;
    }
    try {
      // The checkpoint fixes the model: a model flag that says otherwise is refused, not ignored.
      checkModelFlagsAgainstCheckpoint(command, flags, { graph: trained.model.graph, metadata: trained.metadata, classCount: trained.classNames.length }, checkpoint);
      const predictions: PredictDocument["predictions"][number][] = [];
      for (const path of paths) {
        let top: RankedClass[];
        try {
          const prediction = await predictFile(trained, path, flags.top);
          top = prediction.top.map((entry, rank) => ({ rank: rank + 1, index: entry.index, className: entry.className, probability: entry.probability }));
        } catch (error) {
          if (!(error instanceof DataError)) throw error;
          const reason = error.message.replace(`cannot read image ${path}: `, "");
          failures.push({ path, reason });
          report(path, reason);
          continue;
        }
        predictions.push({ path, top });
        if (flags.json !== true) context.io.stdout(`${formatPrediction(path, top)}\n`);
      }
      if (flags.json === true) {
        const document: PredictDocument = {
          schema: "alexnet-predict/1",
          model: { graph: trained.model.graph.name, checkpoint, seed: null, backend: flags.backend, classes: trained.model.classCount },
          predictions,
          failures,
        };
        context.io.stdout(formatJson(document));
      }
    } finally {
      trained.model.dispose();
    }
  } finally {
    await backend.close?.();
  }
  if (failures.length > 0) throw new CommandExit(someInputsFailedExitCode);
}

/** An image's path, then one line per ranked class. */
function formatPrediction(path: string, top: readonly RankedClass[]): string {
  const width = Math.min(40, Math.max(20, ...top.map((entry) => entry.className.length)));
  return [path, ...top.map((entry) => `  ${String(entry.rank).padStart(2)}. ${entry.className.padEnd(width)} ${(entry.probability * 100).toFixed(2).padStart(6)}%`)].join("\n");
}

function randomImage(count: number, seed: number): Float32Array {
  const random = createRandom(seed ^ 0x5eed);
  return Float32Array.from({ length: count }, () => random.normal());
}

function softmax(logits: Float32Array): Float32Array {
  const max = Math.max(...logits);
  const exponentials = logits.map((value) => Math.exp(value - max));
  const sum = exponentials.reduce((total, value) => total + value, 0);
  return exponentials.map((value) => value / sum);
}

/** Reads an input image from JSON, checking its size against the model's input. */
function readValues(path: string, shape: readonly number[]): Float32Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--values ${path} could not be read as JSON: ${(error as Error).message}`);
  }
  const values = Array.isArray(parsed) ? parsed : (parsed as { values?: unknown })?.values;
  if (!Array.isArray(values) || values.some((value) => typeof value !== "number" || !Number.isFinite(value))) {
    throw new UsageError(`--values ${path} must hold an array of finite numbers (or { "shape": [...], "values": [...] })`);
  }
  const expected = elementCount(shape);
  if (values.length !== expected) {
    throw new UsageError(`--values ${path} holds ${values.length} numbers, but the model takes one ${shape.join("×")} image (${expected} numbers); check --variant and --input`);
  }
  return Float32Array.from(values as number[]);
}
