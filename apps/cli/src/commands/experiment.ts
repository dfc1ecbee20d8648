import { join } from "node:path";
import {
  CheckpointError,
  createConsoleReporter,
  DataError,
  experimentDefinition,
  experimentJson,
  formatExperimentMarkdown,
  formatExperimentTable,
  getVariant,
  gridExperiment,
  isExperimentName,
  planRuns,
  runPlannedRuns,
  summarizeExperiment,
  train,
  TrainingDivergedError,
  trainingRecipe,
  writeExperimentReport,
  type Arm,
  type ExperimentDefinition,
  type RunTrainer,
} from "@alexnet-ts/alexnet";
import type { Command } from "commander";
import type { CommandContext } from "./context.js";
import { resolveBackend } from "../resolve-backend.js";
import { CommandExit, UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { addExperimentOptions, type ExperimentFlags } from "./experiment-options.js";
import { listenForInterrupt } from "./train.js";
import { openTrainingInputs, type TrainingInputs } from "./train-data.js";
import type { TrainFlags } from "./train-options.js";
import { effectiveAugmentation, trainOptionsFromFlags } from "./train-run.js";
import { toUsage } from "./to-usage.js";

/** `alexnet experiment NAME`: the paper's ablations, each arm several seeds, with verdicts from the spread. */
export function registerExperimentCommand(program: Command, context: CommandContext): void {
  const command = program.command("experiment").description("reproduce one of the paper's claims (activation, normalization, pooling, dropout, augmentation) or a grid, several seeds per arm");
  addExperimentOptions(command).action((name: string, flags: ExperimentFlags) => runExperimentCommand(name, flags, context.io));
}

/** The definition the name and --grid ask for; one line and exit 2 for a wrong pair. */
function chooseDefinition(name: string, flags: ExperimentFlags): ExperimentDefinition {
  if (name === "grid") {
    if (flags.grid === undefined) throw new UsageError('experiment grid needs --grid, for example --grid "activation=relu,tanh dropout=0,0.5"');
    return toUsage(() => gridExperiment(flags.grid ?? ""));
  }
  if (flags.grid !== undefined) throw new UsageError(`--grid goes with \`experiment grid\`, not \`experiment ${name}\``);
  if (!isExperimentName(name)) throw new UsageError(`unknown experiment "${name}"; choose activation, normalization, pooling, dropout, augmentation or grid`);
  return experimentDefinition(name);
}

/** The `alexnet train` flags of one arm at one seed. */
function trainFlags(flags: ExperimentFlags, arm: Arm | undefined, seed: number, out: string): TrainFlags {
  const settings = arm?.settings ?? {};
  return {
    variant: flags.variant,
    backend: flags.backend,
    data: flags.data,
    epochs: flags.epochs,
    batch: flags.batch,
    lr: flags.lr,
    seed,
    out,
    augment: true,
    crop: settings.crop ?? true,
    flip: settings.flip,
    pca: settings.pca ?? true,
    onCorrupt: "fail",
    valSplit: 0.1,
    limit: flags.imagesPerEpoch,
    activation: settings.activation,
    normalization: settings.normalization,
    pooling: settings.pooling,
    dropout: settings.dropout,
  };
}

async function runExperimentCommand(name: string, flags: ExperimentFlags, io: CliIo): Promise<void> {
  const definition = chooseDefinition(name, flags);
  if (flags.json === true && flags.markdown === true) throw new UsageError("--json and --markdown each replace the table; give one of them");
  const seeds = Array.from({ length: flags.seeds }, (_, index) => flags.firstSeed + index);
  // Opened once before any training, so bad data, a bad variant or a bad arm fails at once in one line.
  const probe = openTrainingInputs(trainFlags(flags, undefined, seeds[0], ""), io);
  for (const arm of definition.arms) toUsage(() => getVariant(flags.variant).build({ ...probe.variantOptions, ...modelSettings(arm) }));
  const recipe = trainingRecipe(flags.variant);
  const budget =
    `${flags.variant} on ${flags.data}, ${flags.imagesPerEpoch === undefined ? "all" : flags.imagesPerEpoch.toLocaleString("en-US")} training images per epoch, ` +
    `${flags.epochs} epoch(s), batch ${flags.batch ?? recipe.batchSize}, lr ${flags.lr ?? recipe.learningRate}, seeds ${seeds[0]}–${seeds.at(-1)}, backend ${flags.backend}`;
  const layout = { reportFolder: join(flags.out, definition.name), runStore: join(flags.out, "runs") };
  const backend = await resolveBackend(flags.backend);
  const interrupt = listenForInterrupt(io);
  const log = flags.json === true || flags.markdown === true ? (text: string) => io.stderr(text) : (text: string) => io.stdout(text);
  const trainer: RunTrainer = {
    effectiveSettings: (arm, seed) => effectiveSettings(flags, probe, arm, seed),
    readableName: (arm) => readableName(effectiveSettings(flags, probe, arm, seeds[0])),
    async train(run, resume, onStep) {
      const runFlags: TrainFlags = { ...trainFlags(flags, run.arm, run.seed, run.folder), resume, overwrite: !resume };
      const inputs = openTrainingInputs(runFlags, io);
      return train(trainOptionsFromFlags(runFlags, inputs, backend, { signal: interrupt.signal, reporter: createConsoleReporter(log, process.stdout.isTTY === true && flags.json !== true && flags.markdown !== true), onStepLoss: onStep }));
    },
  };
  try {
    const runs = planRuns(definition, seeds, layout, trainer);
    log(`experiment ${definition.name}: ${definition.arms.length} arms × ${seeds.length} seeds (${new Set(runs.map((run) => run.folder)).size} distinct runs); ${budget}\n`);
    const progress = flags.reportOnly === true ? { interrupted: false } : await runPlannedRuns(runs, trainer, (text) => log(`${text}\n`));
    const summary = summarizeExperiment(definition, runs, { threshold: flags.threshold });
    if (summary.finishedRuns === 0) throw new UsageError(`no run of this experiment has finished under ${layout.runStore}; run it without --report-only first`);
    const distinct = new Map(summary.arms.flatMap((arm) => arm.folders.map((folder, index) => [folder, arm.runs[index].seconds] as const)));
    const trainingSeconds = [...distinct.values()].reduce((sum, seconds) => sum + seconds, 0);
    const context = { command: `alexnet experiment ${name} ${argumentsText(flags)}`, budget, trainingSeconds };
    const reportPath = await writeExperimentReport(layout.reportFolder, summary, context);
    if (flags.json === true) io.stdout(`${JSON.stringify(experimentJson(summary, context), null, 2)}\n`);
    else if (flags.markdown === true) io.stdout(formatExperimentMarkdown(summary));
    else io.stdout(formatExperimentTable(summary));
    log(`report: ${reportPath} (charts curves.png, headline.png; summary.json)\n`);
    if (progress.interrupted) {
      io.stderr(`interrupted: ${summary.finishedRuns}/${summary.plannedRuns} runs finished; run the same command again to continue (${context.command})\n`);
      throw new CommandExit(interrupt.exitCode() ?? 130);
    }
  } catch (error) {
    if (error instanceof DataError || error instanceof CheckpointError || error instanceof TrainingDivergedError) throw new UsageError(error.message);
    throw error;
  } finally {
    interrupt.stop();
    await backend.close?.();
  }
}

/** The model options an arm sets. */
function modelSettings(arm: Arm): Record<string, unknown> {
  const { activation, normalization, pooling, dropout } = arm.settings;
  return Object.fromEntries(Object.entries({ activation, normalization, pooling, dropout }).filter(([, value]) => value !== undefined));
}

/**
 * Everything that decides a run's numbers, resolved: the variant's options with its defaults,
 * the augmentation as applied to this data (no PCA on greyscale, no flips on digits), the
 * budget and the seed. Arms whose settings resolve equal share their runs.
 */
function effectiveSettings(flags: ExperimentFlags, probe: TrainingInputs, arm: Arm, seed: number): Record<string, unknown> {
  const recipe = trainingRecipe(flags.variant);
  const armFlags = trainFlags(flags, arm, seed, "");
  return {
    variant: flags.variant,
    variantOptions: { ...getVariant(flags.variant).defaults, ...probe.variantOptions, ...modelSettings(arm) },
    augmentation: effectiveAugmentation(armFlags, probe),
    data: flags.data,
    imagesPerEpoch: flags.imagesPerEpoch ?? null,
    epochs: flags.epochs,
    batch: flags.batch ?? recipe.batchSize,
    lr: flags.lr ?? recipe.learningRate,
    backend: flags.backend,
    seed,
  };
}

/** "relu-lrn-overlapping-d0.5-crop+flip" from resolved settings. */
function readableName(settings: Record<string, unknown>): string {
  const options = settings.variantOptions as { activation: string; normalization: string; pooling: string; dropout: number };
  const augmentation = settings.augmentation as { crop: boolean; flip: boolean; pca: boolean };
  const augmented = (["crop", "flip", "pca"] as const).filter((key) => augmentation[key]).join("+") || "no-augmentation";
  return `${options.activation}-${options.normalization}-${options.pooling}-d${options.dropout}-${augmented}`;
}

/** The options as given, to repeat the command in the report. */
function argumentsText(flags: ExperimentFlags): string {
  const parts = [`--data ${flags.data}`];
  if (flags.grid !== undefined) parts.unshift(`--grid "${flags.grid}"`);
  if (flags.variant !== "small") parts.push(`--variant ${flags.variant}`);
  if (flags.backend !== "cpu") parts.push(`--backend ${flags.backend}`);
  if (flags.imagesPerEpoch !== undefined) parts.push(`--images-per-epoch ${flags.imagesPerEpoch}`);
  parts.push(`--epochs ${flags.epochs}`, `--seeds ${flags.seeds}`);
  if (flags.firstSeed !== 1) parts.push(`--first-seed ${flags.firstSeed}`);
  if (flags.batch !== undefined) parts.push(`--batch ${flags.batch}`);
  if (flags.lr !== undefined) parts.push(`--lr ${flags.lr}`);
  if (flags.threshold !== undefined) parts.push(`--threshold ${flags.threshold}`);
  if (flags.out !== "experiments") parts.push(`--out ${flags.out}`);
  return parts.join(" ");
}
