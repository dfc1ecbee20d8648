import { redrawRunChart } from "@alexnet-ts/alexnet";
import type { Command } from "commander";
import type { CommandContext } from "./context.js";
import { UsageError } from "../errors.js";

interface ChartFlags {
  readonly title?: string;
}

/** `alexnet chart RUN_DIR`: redraws a run's training.svg and training.png from its metrics.jsonl. */
export function registerChartCommand(program: Command, context: CommandContext): void {
  program
    .command("chart")
    .description("redraw a training run's chart (training.svg and training.png) from its metrics.jsonl")
    .argument("<run-folder>", "a folder written by `alexnet train --out` (or one arm of `alexnet experiment`)")
    .option("--title <text>", "the chart's title (default: the variant and data from the checkpoint)")
    .addHelpText("after", "\nExample:\n  alexnet chart runs/mnist\n")
    .action(async (folder: string, flags: ChartFlags) => {
      let written: Awaited<ReturnType<typeof redrawRunChart>>;
      try {
        written = await redrawRunChart(folder, flags.title);
      } catch (error) {
        if (error instanceof RangeError) throw new UsageError(error.message);
        throw error;
      }
      context.io.stdout(`chart of ${written.epochs} epoch(s): ${written.svgPath}\n`);
      if (written.pngPath !== undefined) context.io.stdout(`png: ${written.pngPath}\n`);
      else context.io.stderr(`no PNG written: ${written.pngError}\n`);
    });
}
