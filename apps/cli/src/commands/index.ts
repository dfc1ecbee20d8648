import type { Command } from "commander";
import type { CommandContext } from "./context.js";
import { registerBackendsCommand } from "./backends.js";
import { registerBenchCommand } from "./bench.js";
import { registerChartCommand } from "./chart.js";
import { registerEvalCommand } from "./eval.js";
import { registerExportCommand } from "./export.js";
import { registerImportCommand } from "./import.js";
import { registerExperimentCommand } from "./experiment.js";
import { registerNewBackendCommand } from "./new-backend.js";
import { registerPredictCommand } from "./predict.js";
import { registerSummaryCommand } from "./summary.js";
import { registerTrainCommand } from "./train.js";
import { registerVariantsCommand } from "./variants.js";

/** Adds one command (its options, help and action) to the program. */
export type CommandRegistration = (program: Command, context: CommandContext) => void;

/**
 * Every command of `alexnet`, in the order `alexnet --help` lists them.
 *
 * To add a command (backends, predict, train, eval, bench, …):
 * 1. write commands/NAME.ts exporting `registerNameCommand(program, context)`: it calls
 *    `program.command("name")`, declares typed options (reuse `addVariantOptions` from
 *    ../variant-options.ts for the model flags, and the strict parsers in ../parse.ts), and writes
 *    only through `context.io`;
 * 2. throw `UsageError` (../errors.ts) for bad input: it becomes one line and exit code 2;
 * 3. add it to this list, and a test beside it that calls `run` in-process.
 */
export const commandRegistrations: readonly CommandRegistration[] = [
  registerSummaryCommand,
  registerVariantsCommand,
  registerBackendsCommand,
  registerPredictCommand,
  registerNewBackendCommand,
  registerTrainCommand,
  registerEvalCommand,
  registerChartCommand,
  registerExportCommand,
  registerImportCommand,
  registerExperimentCommand,
  registerBenchCommand,
];

export type { CommandContext } from "./context.js";
