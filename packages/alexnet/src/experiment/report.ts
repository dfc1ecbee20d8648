import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../checkpoint/atomic-write.js";
import { renderPng } from "../charts/png.js";
import { renderCurvesChart, renderHeadlineChart } from "./charts.js";
import { formatSpread, type Spread } from "./statistics.js";
import { verdictRule, type ArmSummary, type ExperimentSummary } from "./summary.js";

/** How the experiment was run, for the report's header. */
export interface ExperimentContext {
  /** The command that runs (and resumes) it. */
  readonly command: string;
  /** "small on fashion-mnist, 2,000 images per epoch, 4 epochs, batch 64, lr 0.05, seeds 1–3, backend cpu". */
  readonly budget: string;
  /** Seconds of training summed over the finished runs (each run's epochs; evaluation excluded). */
  readonly trainingSeconds: number;
}

/** The report files in the experiment folder. */
export const reportFiles = {
  report: "REPORT.md",
  json: "summary.json",
  curvesSvg: "curves.svg",
  curvesPng: "curves.png",
  headlineSvg: "headline.svg",
  headlinePng: "headline.png",
} as const;

interface Column {
  readonly title: string;
  readonly value: (arm: ArmSummary) => string;
}

function columns(summary: ExperimentSummary): Column[] {
  const spread = (pick: (arm: ArmSummary) => Spread, decimals = 2) => (arm: ArmSummary) => formatSpread(pick(arm), decimals);
  const speed: Column[] =
    summary.threshold === undefined
      ? []
      : [
          { title: `steps to ${summary.threshold.value}%`, value: (arm) => `${formatSpread(arm.stepsToThreshold, 0)}${reachedNote(arm)}` },
          { title: "epochs to it", value: spread((arm) => arm.epochsToThreshold) },
          { title: "seconds to it", value: spread((arm) => arm.secondsToThreshold, 1) },
        ];
  return [
    { title: "arm", value: (arm) => arm.arm.name },
    { title: "seeds", value: (arm) => String(arm.runs.length) },
    ...speed,
    { title: "train error %", value: spread((arm) => arm.finalTrainError) },
    { title: "test top-1 error %", value: spread((arm) => arm.testTop1Error) },
    { title: "test top-5 error %", value: spread((arm) => arm.testTop5Error) },
    { title: "train–test gap", value: spread((arm) => arm.overfitting) },
    { title: "training s", value: spread((arm) => arm.seconds, 0) },
  ];
}

function reachedNote(arm: ArmSummary): string {
  const reached = arm.crossings.filter((crossing) => crossing.reached).length;
  return reached < arm.crossings.length ? ` (${reached}/${arm.crossings.length} reached)` : "";
}

/** The arms as an aligned plain-text table and the claims below it, for the terminal. */
export function formatExperimentTable(summary: ExperimentSummary): string {
  const table = columns(summary);
  const rows = [table.map((column) => column.title), ...summary.arms.map((arm) => table.map((column) => column.value(arm)))];
  const widths = table.map((_, index) => Math.max(...rows.map((row) => row[index].length)));
  const lines = rows.map((row) => row.map((cell, index) => cell.padEnd(widths[index])).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  return [`${summary.definition.title}: ${summary.finishedRuns}/${summary.plannedRuns} runs finished`, ...thresholdLine(summary), ...lines, "", ...summary.claims.map((claim) => `${claim.claim.paper}\n  here: ${claim.sentence}`), ""].join("\n");
}

function thresholdLine(summary: ExperimentSummary): string[] {
  if (summary.threshold === undefined) return [];
  const how = summary.threshold.automatic ? "chosen from the data: halfway between the training error at the first step (chance) and the lowest final training error of any arm" : "given with --threshold";
  return [`training-error threshold ${summary.threshold.value}% (${how})`];
}

/** The same as a Markdown table and a list of claims. */
export function formatExperimentMarkdown(summary: ExperimentSummary): string {
  const table = columns(summary);
  const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [
    row(table.map((column) => column.title)),
    row(table.map((_, index) => (index === 0 ? "---" : "---:"))),
    ...summary.arms.map((arm) => row(table.map((column) => column.value(arm)))),
    "",
    ...thresholdLine(summary).map((line) => `${line[0].toUpperCase()}${line.slice(1)}.\n`),
    ...summary.claims.map((claim) => `- **${claim.judgement.verdict}** — paper: ${claim.claim.paper}. Here: ${claim.sentence}.`),
    "",
  ].join("\n");
}

/** The summary as JSON: per arm, per-seed figures and their spreads; per claim, estimate, standard error and verdict. */
export function experimentJson(summary: ExperimentSummary, context: ExperimentContext): unknown {
  return {
    experiment: summary.definition.name,
    title: summary.definition.title,
    command: context.command,
    budget: context.budget,
    trainingSeconds: context.trainingSeconds,
    finishedRuns: summary.finishedRuns,
    plannedRuns: summary.plannedRuns,
    threshold: summary.threshold ?? null,
    arms: summary.arms.map((arm) => ({
      name: arm.arm.name,
      settings: arm.arm.settings,
      seeds: arm.runs.map((figures) => figures.seed),
      folders: arm.folders,
      finalTrainError: arm.finalTrainError,
      testTop1Error: arm.testTop1Error,
      testTop5Error: arm.testTop5Error,
      overfitting: arm.overfitting,
      trainingSeconds: arm.seconds,
      ...(summary.threshold !== undefined && { crossings: arm.crossings, stepsToThreshold: arm.stepsToThreshold, epochsToThreshold: arm.epochsToThreshold, secondsToThreshold: arm.secondsToThreshold }),
      runs: arm.runs.map((figures) => ({ seed: figures.seed, finalTrainError: figures.finalTrainError, testTop1Error: figures.testTop1Error, testTop5Error: figures.testTop5Error, overfitting: figures.overfitting, steps: figures.steps, seconds: figures.seconds, split: figures.split })),
    })),
    claims: summary.claims.map((claim) => ({ ...claim.claim, ...claim.judgement, sentence: claim.sentence })),
    verdictRule,
  };
}

/**
 * Writes the experiment folder's report: summary.json, the charts (curves and headline, SVG and
 * PNG) and REPORT.md, which ties them together. Every file is written atomically.
 */
export async function writeExperimentReport(folder: string, summary: ExperimentSummary, context: ExperimentContext): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const write = (name: string, bytes: Uint8Array): void => writeFileAtomic(join(folder, name), [bytes]);
  const text = (value: string): Uint8Array => Buffer.from(value);
  write(reportFiles.json, text(`${JSON.stringify(experimentJson(summary, context), null, 2)}\n`));
  const title = `${summary.definition.name}: ${context.budget}`;
  const curves = renderCurvesChart(summary, title);
  const headline = renderHeadlineChart(summary, title);
  write(reportFiles.curvesSvg, text(curves));
  write(reportFiles.headlineSvg, text(headline));
  write(reportFiles.curvesPng, await renderPng(curves));
  write(reportFiles.headlinePng, await renderPng(headline));
  const reportPath = join(folder, reportFiles.report);
  write(reportFiles.report, text(reportMarkdown(summary, context)));
  return reportPath;
}

function reportMarkdown(summary: ExperimentSummary, context: ExperimentContext): string {
  const runFolders = summary.arms.flatMap((arm) => arm.folders.map((folder, index) => `- ${arm.arm.name}, seed ${arm.runs[index].seed}: \`${folder}\``));
  return [
    `# ${summary.definition.title}`,
    "",
    `Budget: ${context.budget}. ${summary.finishedRuns} of ${summary.plannedRuns} runs finished; ${Math.round(context.trainingSeconds)} s of training in all.`,
    "",
    `Run (and, after Ctrl-C, continue) with \`${context.command}\`.`,
    "",
    formatExperimentMarkdown(summary),
    verdictRule,
    "",
    `![learning curves](${reportFiles.curvesPng})`,
    "",
    `![headline figure](${reportFiles.headlinePng})`,
    "",
    "The test figures are those of the final model; the training error is the last epoch's, measured while training (dropout and augmentation on). Each run is an ordinary training folder (`alexnet chart FOLDER` redraws its chart):",
    "",
    ...runFolders,
    "",
  ].join("\n");
}
