import { variantNames, variants } from "@alexnet-ts/alexnet";
import { analyzeGraph, countParameters, formatThousands } from "@alexnet-ts/ir";
import type { Command } from "commander";
import { formatJson, type VariantsDocument } from "../json-output.js";
import type { CommandContext } from "./context.js";
import { wrapText, wrapWords } from "../text.js";

/** `alexnet variants`: every variant with its one-line description, its defaults as flags, and its parameter count. */
export function registerVariantsCommand(program: Command, context: CommandContext): void {
  program
    .command("variants")
    .description("list the AlexNet variants with their descriptions and defaults")
    .option("--json", "print the list as JSON (schema alexnet-variants/1, see docs/json-output.md)")
    .addHelpText("after", "\nExamples:\n  alexnet variants\n  alexnet summary --variant small --input 32 --channels 3   # one variant in detail\n  alexnet variants --json\n")
    .action((options: { json?: boolean }) => {
      if (options.json === true) {
        context.io.stdout(formatJson(variantsDocument()));
        return;
      }
      const nameWidth = Math.max(...variantNames.map((name) => name.length)) + 2;
      const textWidth = 100 - nameWidth;
      const indent = " ".repeat(nameWidth);
      const lines: string[] = [];
      for (const name of variantNames) {
        const variant = variants[name];
        const defaults = variant.defaults;
        const counts = countParameters(analyzeGraph(variant.build()));
        const flags = [
          "defaults:",
          `--input ${defaults.inputSize}`,
          `--channels ${defaults.inputChannels}`,
          `--classes ${defaults.classes}`,
          `--activation ${defaults.activation}`,
          `--normalization ${defaults.normalization}`,
          `--pooling ${defaults.pooling}`,
          `--dropout ${defaults.dropout}`,
          `(${formatThousands(counts.total)} parameters${counts.nonTrainable > 0 ? `, ${formatThousands(counts.nonTrainable)} of them running statistics` : ""})`,
        ];
        const text = [...wrapText(variant.description, textWidth), ...wrapWords(flags, textWidth)];
        text.forEach((line, index) => lines.push(`${index === 0 ? name.padEnd(nameWidth) : indent}${line}`));
      }
      context.io.stdout(`${lines.join("\n")}\n`);
    });
}

/** Every variant's name, description, defaults and parameter counts, for --json. */
function variantsDocument(): VariantsDocument {
  return {
    schema: "alexnet-variants/1",
    variants: variantNames.map((name) => {
      const variant = variants[name];
      const { inputSize, inputChannels, classes, activation, normalization, pooling, dropout } = variant.defaults;
      return {
        name,
        description: variant.description,
        defaults: { inputSize, inputChannels, classes, activation, normalization, pooling, dropout },
        parameters: countParameters(analyzeGraph(variant.build())),
      };
    }),
  };
}
