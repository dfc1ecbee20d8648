import { checkRunFolder, createConsoleReporter, train, type DataSource, type TrainResult } from "@alexnet-ts/alexnet";
import type { Backend } from "@alexnet-ts/engine";
import type { Command } from "commander";
import type { CommandContext } from "./context.js";
import { resolveBackend } from "../resolve-backend.js";
import { CommandExit } from "../errors.js";
import type { CliIo } from "../io.js";
import { openTrainingInputs } from "./train-data.js";
import { addTrainOptions, type TrainFlags } from "./train-options.js";
import { trainOptionsFromFlags } from "./train-run.js";

export { toUsage } from "./to-usage.js";

/** `alexnet train`: the paper's recipe on a backend, with checkpoints, resume, metrics and a chart. */
export function registerTrainCommand(program: Command, context: CommandContext): void {
  const command = program.command("train").description("train a variant with the paper's recipe (SGD, momentum 0.9, weight decay 5e-4, lr ÷10 on plateau)");
  addTrainOptions(command).action((flags: TrainFlags) => runTrainCommand(flags, context.io));
}

async function runTrainCommand(flags: TrainFlags, io: CliIo): Promise<void> {
  // The output folder is checked before the data is opened or anything trains.
  checkRunFolder(flags.out, { resume: flags.resume === true, overwrite: flags.overwrite === true });
  const inputs = openTrainingInputs(flags, io);
  const { data } = inputs;
  const backend = await resolveBackend(flags.backend);
  const interrupt = listenForInterrupt(io);
  printHeader(flags, data, backend, io);
  try {
    const result = await train(trainOptionsFromFlags(flags, inputs, backend, { signal: interrupt.signal, reporter: createConsoleReporter(io.stdout, process.stdout.isTTY === true) }));
    reportResult(result, io, interrupt);
  } finally {
    interrupt.stop();
    await backend.close?.();
  }
}

/** What is trained on what, one fact a line. */
function printHeader(flags: TrainFlags, data: DataSource, backend: Backend, io: CliIo): void {
  io.stdout(
    `training ${flags.variant} on ${flags.data}${flags.resume === true ? `, resuming ${flags.out}` : ` into ${flags.out}`}\n` +
      `  training data:   ${data.train.description}\n` +
      `  validation data: ${data.validation.description}\n` +
      `  backend:         ${backend.name}: ${backend.describe()}\n`,
  );
}

/** The signals that stop a run gracefully, and the exit code a shell reports for each. */
const stopSignals = { SIGINT: 130, SIGTERM: 143 } as const;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The exit code of the signal that arrived (130 for Ctrl-C, 143 for SIGTERM), if one did. */
  exitCode(): number | undefined;
  stop(): void;
}

/**
 * Ctrl-C or SIGTERM: the first aborts the returned signal (the run finishes its step, commits a
 * checkpoint and returns), a second exits at once. `stop` removes the handlers.
 */
export function listenForInterrupt(io: CliIo): Interrupt {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const handlers = Object.entries(stopSignals).map(([name, code]) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(exitCode ?? code);
      exitCode = code;
      io.stderr(`\n${name === "SIGINT" ? "interrupt" : name}: finishing the current step and saving a checkpoint (${name === "SIGINT" ? "Ctrl-C" : "the signal"} again to quit at once)\n`);
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return { signal: controller.signal, exitCode: () => exitCode, stop: () => handlers.forEach(([name, handler]) => process.off(name, handler)) };
}

/** Prints where the results are; an interrupted run ends with the signal's exit code (130 or 143). */
function reportResult(result: TrainResult, io: CliIo, interrupt: Interrupt): void {
  if (result.interrupted) {
    // The trainer has said where it saved; only the exit code is left.
    const code = interrupt.exitCode();
    if (code !== undefined) throw new CommandExit(code);
    return;
  }
  const best = result.history.reduce<TrainResult["history"][number] | undefined>((lowest, line) => (lowest === undefined || line.validationLoss < lowest.validationLoss ? line : lowest), undefined);
  io.stdout(`checkpoint: ${result.checkpointPath} (the last epoch; --resume continues from it)\n`);
  if (result.bestPath !== undefined) io.stdout(`best:       ${result.bestPath}${best !== undefined ? ` (epoch ${best.epoch}, validation loss ${best.validationLoss.toFixed(4)})` : ""}\n`);
  const png = result.chartPngPath === undefined ? "" : ` and ${result.chartPngPath}`;
  io.stdout(`chart:      ${result.chartPath}${png}\n`);
  if (result.test !== undefined) {
    io.stdout(`test: ${result.test.count} images, loss ${result.test.loss.toFixed(4)}, top-1 ${(100 * result.test.top1).toFixed(2)}%, top-5 ${(100 * result.test.top5).toFixed(2)}%\n`);
  }
}
