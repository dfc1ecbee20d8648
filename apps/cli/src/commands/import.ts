import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { saveCheckpoint, writeFileAtomic } from "@alexnet-ts/alexnet";
import { analyzeGraph, countParameters, formatSummary, graphToJson } from "@alexnet-ts/ir";
import { importOnnx, OnnxError, type ImportedModel } from "@alexnet-ts/onnx";
import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { requireWritableFolder } from "./export.js";

interface ImportFlags {
  readonly output: string;
  readonly graph?: string;
  readonly summary?: boolean;
}

/** Largest .onnx file read (the whole file is decoded in memory); AlexNet's is 244 MB. */
const maximumModelBytes = 2 ** 31 - 1;

/** `alexnet import`: an ONNX model built from the IR's ops as safetensors weights plus the IR graph as JSON. */
export function registerImportCommand(program: Command, context: CommandContext): void {
  program
    .command("import")
    .description("read an ONNX model built from the IR's ops: write its weights as safetensors and its graph as IR JSON")
    .argument("<model.onnx>", "the ONNX file to read")
    .addOption(new Option("-o, --output <file>", "the safetensors file to write, for example weights.safetensors").makeOptionMandatory())
    .addOption(new Option("--graph <file>", "where to write the IR graph as JSON (default: beside --output, <name>.graph.json)"))
    .option("--summary", "also print the imported graph's layer summary")
    .addHelpText("after", "\nExample:\n  alexnet import alexnet.onnx -o alexnet.safetensors\n  alexnet predict --variant torchvision --checkpoint alexnet.safetensors photo.jpg\n")
    .action((modelPath: string, flags: ImportFlags) => {
      const output = resolve(flags.output);
      const graphPath = resolve(flags.graph ?? `${output.replace(/\.safetensors$/, "")}.graph.json`);
      requireWritableFolder(output, "--output");
      requireWritableFolder(graphPath, "--graph");
      const imported = readModel(modelPath);
      saveCheckpoint(output, { parameters: imported.parameters, velocities: new Map(), metadata: undefined });
      writeFileAtomic(graphPath, [Buffer.from(`${graphToJson(imported.graph)}\n`, "utf8")]);
      const { total } = countParameters(analyzeGraph(imported.graph));
      context.io.stdout(
        `read ${modelPath}: ${imported.graph.name}, ${imported.graph.nodes.length} layers, ${total.toLocaleString("en-US")} parameters\n` +
          `wrote ${flags.output} (${imported.parameters.size} tensors) and ${flags.graph ?? graphPath}\n`,
      );
      if (flags.summary === true) context.io.stdout(formatSummary(imported.graph, "rich"));
    });
}

function readModel(path: string): ImportedModel {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`${path} does not exist or is not a file; give the path of a .onnx model`);
  const size = statSync(path).size;
  if (size > maximumModelBytes) throw new UsageError(`${path} has ${size} bytes, more than the ${maximumModelBytes} this import reads at once`);
  try {
    return importOnnx(readFileSync(path), path);
  } catch (error) {
    if (error instanceof OnnxError) throw new UsageError(error.message);
    throw error;
  }
}
