import type { Arm, Claim, ClaimMeasure, ExperimentDefinition } from "./definitions.js";
import { automaticThreshold, crossThreshold, readRunFigures, type RunFigures, type ThresholdCrossing } from "./figures.js";
import type { PlannedRun } from "./runner.js";
import { formatSpread, spreadOf, type Spread } from "./statistics.js";
import { judgeLower, judgeSpeedUp, noiseMultiple, type Judgement } from "./verdict.js";

/** One arm's figures over its finished seeds. */
export interface ArmSummary {
  readonly arm: Arm;
  readonly runs: readonly RunFigures[];
  readonly folders: readonly string[];
  readonly finalTrainError: Spread;
  readonly testTop1Error: Spread;
  readonly testTop5Error: Spread;
  readonly overfitting: Spread;
  readonly seconds: Spread;
  /** Time to the training-error threshold, per seed (activation experiments). */
  readonly crossings: readonly ThresholdCrossing[];
  readonly stepsToThreshold: Spread;
  readonly epochsToThreshold: Spread;
  readonly secondsToThreshold: Spread;
}

/** A claim with what was measured for it. */
export interface ClaimResult {
  readonly claim: Claim;
  readonly judgement: Judgement;
  /** The measured outcome in one line, ending with the verdict. */
  readonly sentence: string;
}

/** Everything the report shows. */
export interface ExperimentSummary {
  readonly definition: ExperimentDefinition;
  readonly arms: readonly ArmSummary[];
  readonly claims: readonly ClaimResult[];
  /** Training-error threshold (percent) of speed claims, and whether it was chosen from the data. */
  readonly threshold: { readonly value: number; readonly automatic: boolean } | undefined;
  readonly finishedRuns: number;
  readonly plannedRuns: number;
}

/** Reads the finished runs of the plan and computes each arm's figures and each claim's verdict. */
export function summarizeExperiment(definition: ExperimentDefinition, runs: readonly PlannedRun[], options: { readonly threshold?: number } = {}): ExperimentSummary {
  const figuresByArm = new Map<string, { runs: RunFigures[]; folders: string[] }>(definition.arms.map((arm) => [arm.name, { runs: [], folders: [] }]));
  let finishedRuns = 0;
  for (const run of runs) {
    const figures = readRunFigures(run.folder, run.seed);
    if (figures === undefined) continue;
    finishedRuns++;
    figuresByArm.get(run.arm.name)?.runs.push(figures);
    figuresByArm.get(run.arm.name)?.folders.push(run.folder);
  }
  const needsThreshold = definition.claims.some((claim) => claim.measure === "speed") || definition.headline === "speed";
  const threshold = needsThreshold
    ? options.threshold !== undefined
      ? { value: options.threshold, automatic: false }
      : { value: automaticThreshold([...figuresByArm.values()].map((found) => found.runs)), automatic: true }
    : undefined;
  const arms = definition.arms.map((arm) => armSummary(arm, figuresByArm.get(arm.name) ?? { runs: [], folders: [] }, threshold?.value));
  const claims = definition.claims.map((claim) => claimResult(claim, arms, threshold?.value));
  return { definition, arms, claims, threshold, finishedRuns, plannedRuns: runs.length };
}

function armSummary(arm: Arm, found: { runs: RunFigures[]; folders: string[] }, threshold: number | undefined): ArmSummary {
  const { runs } = found;
  const crossings = threshold === undefined || !Number.isFinite(threshold) ? [] : runs.map((figures) => crossThreshold(figures, threshold));
  const reached = crossings.filter((crossing) => crossing.reached);
  return {
    arm,
    runs,
    folders: found.folders,
    finalTrainError: spreadOf(runs.map((figures) => figures.finalTrainError)),
    testTop1Error: spreadOf(runs.map((figures) => figures.testTop1Error)),
    testTop5Error: spreadOf(runs.map((figures) => figures.testTop5Error)),
    overfitting: spreadOf(runs.map((figures) => figures.overfitting)),
    seconds: spreadOf(runs.map((figures) => figures.seconds)),
    crossings,
    stepsToThreshold: spreadOf(reached.map((crossing) => crossing.steps)),
    epochsToThreshold: spreadOf(reached.map((crossing) => crossing.epochs)),
    secondsToThreshold: spreadOf(reached.map((crossing) => crossing.seconds)),
  };
}

/** The label of a measure in sentences and tables. */
export const measureLabels: Readonly<Record<ClaimMeasure, string>> = {
  speed: "steps to the training-error threshold",
  testTop1Error: "test top-1 error (%)",
  testTop5Error: "test top-5 error (%)",
  overfitting: "train–test gap (test top-1 − training error, points)",
};

function claimResult(claim: Claim, arms: readonly ArmSummary[], threshold: number | undefined): ClaimResult {
  const better = arms.find((arm) => arm.arm.name === claim.better);
  const worse = arms.find((arm) => arm.arm.name === claim.worse);
  if (better === undefined || worse === undefined) throw new RangeError(`claim compares ${claim.better} and ${claim.worse}, which are not both arms`);
  const sameRuns = better.folders.length > 0 && better.folders.every((folder, index) => worse.folders[index] === folder);
  const note = sameRuns ? " (the two arms are the same runs on this data)" : "";
  const seeds = Math.min(better.runs.length, worse.runs.length);
  const missing = [better, worse].filter((arm) => arm.runs.length === 0).map((arm) => arm.arm.name);
  if (missing.length > 0) {
    return { claim, judgement: { estimate: Number.NaN, standardError: Number.NaN, verdict: "within noise" }, sentence: `no finished run of ${missing.join(" or ")} yet: within noise` };
  }
  if (claim.measure === "speed") {
    const ratios = speedUpRatios(better, worse);
    const judgement = judgeSpeedUp(ratios.map((ratio) => ratio.value));
    const censored = ratios.some((ratio) => ratio.lowerBound) ? ` (${worse.arm.name} did not reach it within the budget in ${ratios.filter((ratio) => ratio.lowerBound).length} seed(s): a lower bound)` : "";
    const sentence =
      `${worse.arm.name} needs ${formatJudgement(judgement, 2, "×")} the steps of ${better.arm.name} to reach ${threshold ?? "?"}% training error` +
      `${censored}, over ${ratios.length} seed(s)${note}: ${judgement.verdict}`;
    return { claim, judgement, sentence };
  }
  const measure = claim.measure;
  const values = (arm: ArmSummary): number[] => arm.runs.map((figures) => figures[measure]);
  const judgement = judgeLower(values(better), values(worse));
  const label = measureLabels[claim.measure];
  const sentence =
    `${label}: ${better.arm.name} ${formatSpread(spreadOf(values(better)), 2)}, ${worse.arm.name} ${formatSpread(spreadOf(values(worse)), 2)}; ` +
    `${worse.arm.name} − ${better.arm.name} = ${formatJudgement(judgement, 2)} over ${seeds} seed(s)${note}: ${judgement.verdict}`;
  return { claim, judgement, sentence };
}

/** worse's steps ÷ better's steps to the threshold, paired by seed; a run that never reached it counts its whole run (a lower bound). */
function speedUpRatios(better: ArmSummary, worse: ArmSummary): { value: number; lowerBound: boolean }[] {
  const ratios: { value: number; lowerBound: boolean }[] = [];
  better.runs.forEach((figures, index) => {
    const partner = worse.runs.findIndex((other) => other.seed === figures.seed);
    const fast = better.crossings[index];
    const slow = worse.crossings[partner];
    if (partner < 0 || fast === undefined || slow === undefined || !fast.reached) return;
    ratios.push({ value: slow.steps / fast.steps, lowerBound: !slow.reached });
  });
  return ratios;
}

/** "0.42 ± 0.10" (estimate ± its standard error), "0.42 (one seed: no spread)" without one. */
function formatJudgement(judgement: Judgement, decimals: number, unit = ""): string {
  if (!Number.isFinite(judgement.estimate)) return "–";
  if (!Number.isFinite(judgement.standardError)) return `${judgement.estimate.toFixed(decimals)}${unit} (one seed: no spread)`;
  return `${judgement.estimate.toFixed(decimals)}${unit} ± ${judgement.standardError.toFixed(decimals)}`;
}

/** The rule the verdicts follow, for the report. */
export const verdictRule =
  "A claim holds here when the measured difference (or speed-up ratio over 1) is significant at 95% given the spread over seeds " +
  `(Welch's t-test; for ratios a one-sample t-test against 1): it must exceed t standard errors, t = ${noiseMultiple(2).toFixed(2)} for 3 + 3 seeds ` +
  `with equal spreads, ${noiseMultiple(8).toFixed(2)} for 5 + 5. It does not hold when the difference is as significant the other way, and is within noise ` +
  "otherwise (always with a single seed). Figures are mean ± standard deviation over seeds; differences are ± their standard error.";
