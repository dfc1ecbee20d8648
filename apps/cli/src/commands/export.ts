import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { buildVariant, CheckpointError, getVariant, loadCheckpoint, resolveCheckpointPath, writeFileAtomic } from "@alexnet-ts/alexnet";
import { createRandom, drawInitialValues, type HostTensor } from "@alexnet-ts/engine";
import { analyzeGraph, countParameters, elementCount, GraphError, type Graph } from "@alexnet-ts/ir";
import { exportOnnx, exportOpset, OnnxError } from "@alexnet-ts/onnx";
import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";
import { checkpointMetadataKey } from "../model-file.js";
import { oneOf, wholeNumber } from "../parse.js";
import { addVariantOptions, buildFromFlags, type VariantFlags } from "../variant-options.js";
import type { CommandContext } from "./context.js";

interface ExportFlags extends VariantFlags {
  readonly format: "onnx";
  readonly output: string;
  readonly checkpoint?: string;
  readonly seed: number;
}

/** `alexnet export`: a model (trained checkpoint, or a variant with seeded weights) as an ONNX file. */
export function registerExportCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("export")
    .description("write a model as an ONNX file: a trained checkpoint, or a variant with seeded random weights")
    .addOption(new Option("--format <name>", "the file format: onnx").argParser(oneOf("--format", ["onnx"] as const)).default("onnx"))
    .addOption(new Option("-o, --output <file>", "the file to write, for example model.onnx").makeOptionMandatory())
    .addOption(new Option("--checkpoint <file>", "weights written by `alexnet train` (or converted torchvision weights, with --variant torchvision)"))
    .addOption(new Option("--seed <n>", "without --checkpoint: seed of the random weights").default(0).argParser(wholeNumber("--seed", 0)));
  addVariantOptions(command);
  command.addHelpText(
    "after",
    "\nExamples:\n  alexnet export --format onnx --checkpoint runs/mnist.safetensors -o mnist.onnx\n  alexnet export --variant torchvision -o alexnet.onnx\n",
  );
  command.action((flags: ExportFlags, self: Command) => {
    const output = resolve(flags.output);
    requireWritableFolder(output, "--output");
    const variantGiven = self.getOptionValueSource("variant") === "cli";
    const { graph, parameters, source, metadata } = flags.checkpoint === undefined ? seededModel(flags) : checkpointModel(flags.checkpoint, variantGiven ? flags.variant : undefined);
    let bytes: Uint8Array;
    try {
      bytes = exportOnnx(graph, parameters, metadata === undefined ? {} : { metadata });
    } catch (error) {
      if (error instanceof OnnxError) throw new UsageError(error.message);
      throw error;
    }
    writeFileAtomic(output, [bytes]);
    const { total } = countParameters(analyzeGraph(graph));
    context.io.stdout(`wrote ${flags.output}: ${graph.name} (${source}), ${total.toLocaleString("en-US")} parameters, ONNX opset ${exportOpset}, ${(bytes.byteLength / 1e6).toFixed(1)} MB\n`);
  });
}

/** Refuses, before any work, an output whose folder does not exist. */
export function requireWritableFolder(path: string, flag: string): void {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist; create it first`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a folder; give a file name`);
}

/** The variant with the weights the engine would draw from this seed (the same stream as createModel). */
function seededModel(flags: ExportFlags): { graph: Graph; parameters: Map<string, HostTensor>; source: string; metadata?: Record<string, string> } {
  const { graph } = buildFromFlags(flags);
  const random = createRandom(flags.seed);
  const parameters = new Map<string, HostTensor>();
  for (const parameter of analyzeGraph(graph).parameters) {
    parameters.set(parameter.fullName, { shape: parameter.shape, values: drawInitialValues(parameter.initializer, elementCount(parameter.shape), random) });
  }
  return { graph, parameters, source: `random weights from seed ${flags.seed}` };
}

/** The checkpoint's model: its variant and options from the metadata, or --variant for converted weights. */
function checkpointModel(given: string, variant: string | undefined): { graph: Graph; parameters: Map<string, HostTensor>; source: string; metadata?: Record<string, string> } {
  try {
    // A run folder gives its committed checkpoint, as for predict and eval.
    const path = resolveCheckpointPath(given);
    const checkpoint = loadCheckpoint(path, variant === undefined ? {} : { variant });
    if (checkpoint.metadata !== undefined) {
      const graph = { ...buildVariant(checkpoint.metadata.variant, checkpoint.metadata.variantOptions), classNames: checkpoint.metadata.classNames };
      // The training settings (crop geometry, normalization, seed), so that predict and eval on the .onnx file feed it as on the checkpoint.
      const metadata = { [checkpointMetadataKey]: JSON.stringify(checkpoint.metadata) };
      return { graph, parameters: checkpoint.parameters, source: `${path}, epoch ${checkpoint.metadata.epoch}`, metadata };
    }
    if (variant === undefined) throw new UsageError(`${path} has no alexnet-ts metadata (converted weights?); pass --variant to say which model it holds`);
    // Converted weights carry no options: the class count is the last bias's length.
    const lastBias = [...checkpoint.parameters.entries()].reverse().find(([name]) => name.endsWith(".bias"));
    const graph = buildVariant(getVariant(variant).name, lastBias === undefined ? {} : { classes: lastBias[1].shape[0] });
    return { graph, parameters: checkpoint.parameters, source: path };
  } catch (error) {
    if (error instanceof CheckpointError || error instanceof GraphError) throw new UsageError(error.message);
    throw error;
  }
}
