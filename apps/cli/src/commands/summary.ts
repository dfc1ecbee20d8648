import { formatSummary, summaryFormats, type SummaryFormat } from "@alexnet-ts/ir";
import { Option, type Command } from "commander";
import type { CommandContext } from "./context.js";
import { oneOf, wholeNumber } from "../parse.js";
import { addVariantOptions, buildFromFlags, type VariantFlags } from "../variant-options.js";

interface SummaryFlags extends VariantFlags {
  readonly format: SummaryFormat;
  readonly batch?: number;
  readonly comments?: boolean;
}

/** `alexnet summary`: a variant's layers, shapes, parameters and costs, computed from the IR alone. */
export function registerSummaryCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("summary")
    .description("print a model's layers, output shapes, parameters and costs (no backend needed)")
    .addOption(
      new Option("--format <name>", "rich (layers, multiply-adds, memory), keras (model.summary()), torch (torchsummary) or json")
        .argParser(oneOf("--format", summaryFormats))
        .default("rich"),
    )
    .addOption(
      new Option("--batch <n>", "images per pass: shapes, multiply-adds and memory scale with it (rich and json: default 1; torch: torchsummary's batch_size, default -1; keras prints None)")
        .argParser(wholeNumber("--batch", 1)),
    )
    .option("--comments", "rich format: print each layer's one-line comment under it");
  addVariantOptions(command);
  command.addHelpText(
    "after",
    "\nExamples:\n  alexnet summary --variant paper\n  alexnet summary --variant seed-keras --format keras\n  alexnet summary --variant small --input 32 --channels 3 --batch 128 --comments\n",
  );
  command.action((flags: SummaryFlags) => {
    const { graph } = buildFromFlags(flags);
    context.io.stdout(
      formatSummary(graph, flags.format, {
        ...(flags.batch !== undefined && { batch: flags.batch }),
        ...(flags.comments === true && { comments: true }),
      }),
    );
  });
}
