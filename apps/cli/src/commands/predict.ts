import { readFileSync } from "node:fs";
import { CheckpointError, DataError, loadTrainedModel, predictFiles } from "@alexnet-ts/alexnet";
import { createModel, createRandom, type Backend } from "@alexnet-ts/engine";
import { elementCount } from "@alexnet-ts/ir";
import { Option, type Command } from "commander";
import { resolveBackend } from "../backends.js";
import { UsageError } from "../errors.js";
import { wholeNumber } from "../parse.js";
import { addVariantOptions, buildFromFlags, type VariantFlags } from "../variant-options.js";
import type { CommandContext } from "./context.js";

interface PredictFlags extends VariantFlags {
  readonly backend: string;
  readonly seed: number;
  readonly values?: string;
  readonly top: number;
  readonly checkpoint?: string;
}

/**
 * `alexnet predict`: one forward pass on a backend and the top classes.
 * - `--checkpoint C image.png …`: classifies image files with trained weights, class names from the checkpoint.
 * - without a checkpoint the weights are freshly initialized from --seed, so it is a smoke test of
 *   the backend and the model; the input is a seeded random image, or the values in a JSON file.
 */
export function registerPredictCommand(program: Command, context: CommandContext): void {
  addVariantOptions(
    program
      .command("predict")
      .description("classify images with a trained checkpoint, or (without one) run a seeded smoke forward pass; prints the top-5 classes")
      .argument("[images...]", "JPEG or PNG files to classify (needs --checkpoint)")
      .addOption(new Option("--checkpoint <file>", "weights written by `alexnet train` (or torchvision weights converted to safetensors, with --variant torchvision)"))
      .addOption(new Option("--backend <name>", "the backend to run on (see `alexnet backends`)").default("cpu"))
      .addOption(new Option("--seed <n>", "seed for the weights and the random input image").default(0).argParser(wholeNumber("--seed", 0)))
      .addOption(new Option("--values <file.json>", "the input image as JSON: an array of C×H×W numbers (NCHW, one image), or { shape, values }"))
      .addOption(new Option("--top <n>", "how many classes to print").default(5).argParser(wholeNumber("--top", 1))),
  ).action(async (images: string[], flags: PredictFlags, command: Command) => {
    if (flags.checkpoint !== undefined) {
      const variant = command.getOptionValueSource("variant") === "cli" ? flags.variant : undefined;
      await predictWithCheckpoint(context, flags.backend, flags.checkpoint, images, variant, flags.top);
      return;
    }
    if (images.length > 0) throw new UsageError("classifying image files needs trained weights: add --checkpoint FILE (written by `alexnet train`)");
    const { graph } = buildFromFlags(flags);
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
      const ranked = [...probabilities.keys()].sort((a, b) => probabilities[b] - probabilities[a]).slice(0, flags.top);
      const lines = [
        `${graph.name} on ${flags.backend} (${backend.describe()}), weights from seed ${flags.seed}${flags.values === undefined ? ", random input" : `, input ${flags.values}`}`,
        `forward pass: ${elapsed.toFixed(1)} ms`,
        ...ranked.map((index, rank) => `${String(rank + 1).padStart(2)}. ${(graph.classNames?.[index] ?? `class ${index}`).padEnd(20)} ${(probabilities[index] * 100).toFixed(2).padStart(6)}%`),
      ];
      context.io.stdout(`${lines.join("\n")}\n`);
      model.dispose();
    } finally {
      await backend.close?.();
    }
  });
}

async function predictWithCheckpoint(context: CommandContext, backendName: string, checkpoint: string, images: readonly string[], variant: string | undefined, top: number): Promise<void> {
  if (images.length === 0) throw new UsageError("--checkpoint needs at least one image file to classify: alexnet predict --checkpoint C image.png …");
  const backend: Backend = await resolveBackend(backendName);
  try {
    const trained = await loadTrainedModel(backend, checkpoint, variant === undefined ? {} : { variant });
    try {
      const predictions = await predictFiles(trained, images);
      const lines: string[] = [];
      for (const prediction of predictions) {
        lines.push(prediction.path);
        prediction.top.slice(0, top).forEach((entry, rank) => lines.push(`  ${String(rank + 1).padStart(2)}. ${entry.className.padEnd(20)} ${(entry.probability * 100).toFixed(2).padStart(6)}%`));
      }
      context.io.stdout(`${lines.join("\n")}\n`);
    } finally {
      trained.model.dispose();
    }
  } catch (error) {
    if (error instanceof CheckpointError || error instanceof DataError) throw new UsageError(error.message);
    throw error;
  } finally {
    await backend.close?.();
  }
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
