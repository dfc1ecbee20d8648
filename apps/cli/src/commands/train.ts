import { CheckpointError, createConsoleReporter, DataError, train, trainingRecipe, TrainingDivergedError, type TrainResult } from "@alexnet-ts/alexnet";
import type { Command } from "commander";
import type { CommandContext } from "./context.js";
import { resolveBackend } from "../backends.js";
import { CommandExit, UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { openTrainingInputs } from "./train-data.js";
import { addTrainOptions, type TrainFlags } from "./train-options.js";

export { toUsage } from "./to-usage.js";

/** `alexnet train`: the paper's recipe on a backend, with checkpoints, resume, metrics and a chart. */
export function registerTrainCommand(program: Command, context: CommandContext): void {
  const command = program.command("train").description("train a variant with the paper's recipe (SGD, momentum 0.9, weight decay 5e-4, lr ÷10 on plateau)");
  addTrainOptions(command).action((flags: TrainFlags) => runTrainCommand(flags, context.io));
}

async function runTrainCommand(flags: TrainFlags, io: CliIo): Promise<void> {
  const { data, graph, variantOptions } = openTrainingInputs(flags, io);
  const recipe = trainingRecipe(flags.variant);
  const backend = await resolveBackend(flags.backend);
  const interrupt = listenForInterrupt(io);
  const channels = graph.input.shape[0];
  io.stdout(`training ${flags.variant} on ${data.train.description} (validation: ${data.validation.description}) with backend ${backend.name}: ${backend.describe()}\n`);
  try {
    const result = await train({
      backend,
      variant: flags.variant,
      variantOptions,
      graph,
      data,
      dataText: flags.data,
      epochs: flags.epochs ?? recipe.epochs,
      batchSize: flags.batch ?? recipe.batchSize,
      learningRate: flags.lr ?? recipe.learningRate,
      momentum: flags.momentum ?? recipe.momentum,
      weightDecay: flags.weightDecay ?? recipe.weightDecay,
      schedule: flags.schedule ?? recipe.schedule,
      seed: flags.seed,
      augmentation: { crop: flags.augment && flags.crop, flip: flags.augment && (flags.flip ?? true) && data.flipByDefault, pca: flags.augment && flags.pca && channels === 3 },
      outFolder: flags.out,
      resume: flags.resume === true,
      signal: interrupt.signal,
      reporter: createConsoleReporter(io.stdout, process.stdout.isTTY === true),
    });
    reportResult(result, io, interrupt.signal);
  } catch (error) {
    if (error instanceof DataError || error instanceof CheckpointError || error instanceof TrainingDivergedError) throw new UsageError(error.message);
    throw error;
  } finally {
    interrupt.stop();
    await backend.close?.();
  }
}

/**
 * Ctrl-C: the first aborts the returned signal (the run finishes its step and saves), a second
 * exits at once. `stop` removes the handler.
 */
function listenForInterrupt(io: CliIo): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr("\ninterrupt: finishing the current step and saving a checkpoint (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  return { signal: controller.signal, stop: () => void process.off("SIGINT", onInterrupt) };
}

/** Prints where the results are; an interrupted run ends with exit code 130. */
function reportResult(result: TrainResult, io: CliIo, signal: AbortSignal): void {
  if (result.interrupted) {
    io.stderr(`interrupted after ${result.steps} steps; checkpoint ${result.checkpointPath}; continue with --resume\n`);
    if (signal.aborted) throw new CommandExit(130);
    return;
  }
  const png = result.chartPngPath === undefined ? "" : ` and ${result.chartPngPath}`;
  io.stdout(`checkpoint: ${result.checkpointPath}\nchart: ${result.chartPath}${png}\n`);
  if (result.test !== undefined) {
    io.stdout(`test: ${result.test.count} images, loss ${result.test.loss.toFixed(4)}, top-1 ${(100 * result.test.top1).toFixed(2)}%, top-5 ${(100 * result.test.top5).toFixed(2)}%\n`);
  }
}
