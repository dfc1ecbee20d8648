import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCpuBackend } from "@alexnet-ts/backend-cpu";
import { afterAll, describe, expect, it } from "vitest";
import { tinyGraph, tinySource, temporaryFolder } from "../training/test-fixtures.js";
import { train } from "../training/trainer.js";
import type { TrainOptions } from "../training/options.js";
import { experimentDefinition, type ExperimentDefinition } from "./definitions.js";
import { gridExperiment } from "./grid.js";
import { formatExperimentMarkdown, formatExperimentTable, reportFiles, writeExperimentReport } from "./report.js";
import { readSteps, runFiles } from "./run-store.js";
import { planRuns, runPlannedRuns, type PlannedRun, type RunTrainer } from "./runner.js";
import { summarizeExperiment } from "./summary.js";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const made = temporaryFolder("alexnet-experiment-");
  folders.push(made);
  return made;
}

/** A finished run folder written by hand: `epochs` epochs of 10 steps, the given training accuracy and test top-1. */
function constructedRun(path: string, figures: { trainAccuracy: number; top1: number; errorAtStep?: (step: number) => number }): void {
  mkdirSync(path, { recursive: true });
  const epochs = 4;
  const metrics = Array.from({ length: epochs }, (_, index) => ({
    epoch: index + 1,
    step: 10 * (index + 1),
    learningRate: 0.05,
    trainLoss: 1,
    trainAccuracy: figures.trainAccuracy,
    validationLoss: 1,
    validationAccuracy: figures.top1,
    validationTop5: 0.99,
    seconds: 2,
    imagesPerSecond: 50,
  }));
  writeFileSync(join(path, "metrics.jsonl"), metrics.map((line) => `${JSON.stringify(line)}\n`).join(""));
  const error = figures.errorAtStep ?? (() => 1 - figures.trainAccuracy);
  const steps = Array.from({ length: 10 * epochs }, (_, index) => ({ step: index + 1, loss: 1, correct: Math.round(100 * (1 - error(index + 1))), count: 100 }));
  writeFileSync(join(path, runFiles.steps), steps.map((line) => `${JSON.stringify(line)}\n`).join(""));
  writeFileSync(join(path, runFiles.result), JSON.stringify({ top1: figures.top1, top5: 0.99, loss: 1, images: 100, split: "test" }));
}

/** Planned runs of a definition whose folders are written by `write(arm, seed, path)`. */
function constructedPlan(definition: ExperimentDefinition, seeds: readonly number[], write: (arm: string, seed: number, path: string) => void): PlannedRun[] {
  const root = folder();
  return seeds.flatMap((seed) =>
    definition.arms.map((arm) => {
      const path = join(root, arm.name, `seed-${seed}`);
      write(arm.name, seed, path);
      return { arm, seed, folder: path };
    }),
  );
}

describe("experiment summaries on constructed metrics", () => {
  const pooling = experimentDefinition("pooling");
  const noise = [0.004, -0.003, 0.001];

  it("a claim holds when its arm is clearly better over the seeds", () => {
    const runs = constructedPlan(pooling, [1, 2, 3], (arm, seed, path) =>
      constructedRun(path, { trainAccuracy: 0.95, top1: (arm === "overlapping" ? 0.9 : 0.8) + noise[seed - 1] }),
    );
    const summary = summarizeExperiment(pooling, runs);
    const top1 = summary.claims.find((claim) => claim.claim.measure === "testTop1Error");
    expect(summary.arms.map((arm) => arm.runs.length)).toEqual([3, 3]);
    expect(summary.arms[0].testTop1Error.mean).toBeCloseTo(10 - 100 * (noise[0] + noise[1] + noise[2]) / 3, 6);
    expect(top1?.judgement.estimate).toBeCloseTo(10, 6);
    expect(top1?.judgement.verdict).toBe("holds here");
    expect(top1?.sentence).toMatch(/holds here$/);
    // The train–test gap follows: same training error, lower test error, smaller gap.
    expect(summary.claims.find((claim) => claim.claim.measure === "overfitting")?.judgement.verdict).toBe("holds here");
  });

  it("says which arm has no finished run instead of judging it", () => {
    const runs = constructedPlan(pooling, [1, 2], (arm, seed, path) => {
      if (arm === "overlapping") constructedRun(path, { trainAccuracy: 0.95, top1: 0.9 + noise[seed - 1] });
    });
    const summary = summarizeExperiment(pooling, runs);
    expect(summary.finishedRuns).toBe(2);
    expect(summary.claims[0]).toMatchObject({ sentence: "no finished run of plain yet: within noise", judgement: { verdict: "within noise" } });
    expect(formatExperimentTable(summary)).toMatch(/^plain +0 +– +–/m);
  });

  it("within noise when the arms tie, and does not hold when the other arm is better", () => {
    const tie = constructedPlan(pooling, [1, 2, 3], (arm, seed, path) => constructedRun(path, { trainAccuracy: 0.95, top1: 0.85 + (arm === "plain" ? noise[(seed + 1) % 3] : noise[seed - 1]) }));
    expect(summarizeExperiment(pooling, tie).claims.map((claim) => claim.judgement.verdict)).toEqual(["within noise", "within noise", "within noise"]);
    const reversed = constructedPlan(pooling, [1, 2, 3], (arm, seed, path) => constructedRun(path, { trainAccuracy: 0.95, top1: (arm === "plain" ? 0.9 : 0.8) + noise[seed - 1] }));
    expect(summarizeExperiment(pooling, reversed).claims[0].judgement.verdict).toBe("does not hold here");
  });

  it("times the activation arms to a threshold chosen from the reference arm, and judges the speed-up", () => {
    const activation: ExperimentDefinition = { ...experimentDefinition("activation"), arms: [{ name: "relu", settings: { activation: "relu" } }, { name: "tanh", settings: { activation: "tanh" } }] };
    const definition = { ...activation, claims: activation.claims.filter((claim) => claim.worse === "tanh") };
    // relu's error falls by 2 points a step, tanh's by a third of that (with a little noise per seed).
    const runs = constructedPlan(definition, [1, 2, 3], (arm, seed, path) =>
      constructedRun(path, { trainAccuracy: 0.9, top1: 0.9, errorAtStep: (step) => Math.max(0.1, 0.9 - (arm === "relu" ? 0.02 : 0.02 / 3) * step * (1 + noise[seed - 1])) }),
    );
    // Chosen from the data: halfway between the first step's 88% and relu's final ~12%.
    const automatic = summarizeExperiment(definition, runs);
    expect(automatic.threshold?.automatic).toBe(true);
    expect(automatic.threshold?.value).toBeGreaterThanOrEqual(48);
    expect(automatic.threshold?.value).toBeLessThanOrEqual(52);
    // tanh never gets there in its 40 steps: its whole run is a lower bound, said in the sentence.
    expect(automatic.arms[1].crossings.every((crossing) => !crossing.reached)).toBe(true);
    expect(automatic.claims[0].sentence).toContain("did not reach it within the budget in 3 seed(s): a lower bound");
    // At 70%, relu needs about 10 steps and tanh about 30: three times as many.
    const summary = summarizeExperiment(definition, runs, { threshold: 70 });
    const speed = summary.claims[0];
    expect(speed.judgement.estimate).toBeGreaterThan(2.5);
    expect(speed.judgement.estimate).toBeLessThan(3.5);
    expect(speed.judgement.verdict).toBe("holds here");
    const fixed = summarizeExperiment(definition, runs, { threshold: 5 });
    expect(fixed.threshold).toEqual({ value: 5, automatic: false });
    expect(fixed.arms[0].crossings.every((crossing) => !crossing.reached)).toBe(true);
    expect(fixed.claims[0].judgement.verdict).toBe("within noise");
    expect(formatExperimentTable(summary)).toContain(`steps to ${summary.threshold?.value}%`);
    expect(formatExperimentMarkdown(summary)).toMatch(/^\| arm \| seeds \|/);
  });
});

describe("grid experiments", () => {
  it("combines every value of every flag into an arm", () => {
    const grid = gridExperiment("activation=relu,tanh dropout=0,0.5");
    expect(grid.arms.map((arm) => arm.name)).toEqual(["activation-relu_dropout-0", "activation-relu_dropout-0.5", "activation-tanh_dropout-0", "activation-tanh_dropout-0.5"]);
    expect(grid.arms[1].settings).toEqual({ activation: "relu", dropout: 0.5 });
    expect(gridExperiment("pca=on,off").arms.map((arm) => arm.settings.pca)).toEqual([true, false]);
  });

  it("refuses an unknown flag or value in one line", () => {
    expect(() => gridExperiment("colour=red")).toThrow(/is not FLAG=VALUE,VALUE; the flags are activation/);
    expect(() => gridExperiment("activation=swish")).toThrow(/activation cannot be "swish"; choose relu/);
    expect(() => gridExperiment("dropout=1.5")).toThrow(/rate in \[0, 1\)/);
  });
});

describe("running an experiment", () => {
  const backend = createCpuBackend();
  const definition = experimentDefinition("dropout");

  function trainerFor(signal: AbortSignal, calls: string[]): RunTrainer {
    return {
      effectiveSettings: (arm, seed) => ({ dropout: arm.settings.dropout, seed }),
      readableName: (arm) => arm.name,
      train(run, resume, onStep) {
        calls.push(`${run.arm.name}/${run.seed}${resume ? " resumed" : ""}`);
        const options: TrainOptions = {
          backend,
          variant: "tiny",
          variantOptions: { classes: 3 },
          graph: tinyGraph(3, 8, 3),
          data: tinySource(),
          dataText: "synthetic",
          epochs: 2,
          batchSize: 8,
          learningRate: 0.05,
          momentum: 0.9,
          weightDecay: 5e-4,
          schedule: "plateau",
          seed: run.seed,
          augmentation: { crop: true, flip: true, pca: false },
          outFolder: run.folder,
          resume,
          overwrite: !resume,
          signal,
          onStepLoss: onStep,
        };
        return train(options);
      },
    };
  }

  it("trains each arm at each seed as a run folder, continues after an interruption, skips finished runs and writes the report", async () => {
    const root = folder();
    const layout = { reportFolder: join(root, "dropout"), runStore: join(root, "runs") };
    const controller = new AbortController();
    const calls: string[] = [];
    let steps = 0;
    const interrupting: RunTrainer = {
      ...trainerFor(controller.signal, calls),
      train(run, resume, onStep) {
        return trainerFor(controller.signal, calls).train(run, resume, (...step) => {
          onStep(...step);
          if (++steps === 3) controller.abort();
        });
      },
    };
    const runs = planRuns(definition, [1, 2], layout, interrupting);
    expect(runs.map((run) => `${run.arm.name}/${run.seed}`)).toEqual(["dropout-0.5/1", "dropout-0/1", "dropout-0.5/2", "dropout-0/2"]);
    const first = await runPlannedRuns(runs, interrupting, () => {});
    expect(first).toEqual({ trained: 0, alreadyDone: 0, interrupted: true });
    expect(existsSync(join(runs[0].folder, "checkpoint.safetensors"))).toBe(true);

    const announced: string[] = [];
    let clock = 0;
    const second = await runPlannedRuns(runs, trainerFor(new AbortController().signal, calls), (text) => announced.push(text), () => (clock += 10_000));
    expect(second).toEqual({ trained: 4, alreadyDone: 0, interrupted: false });
    // Each run is announced; from the second on with the experiment's elapsed time and what is left at the pace so far.
    expect(announced[0]).toMatch(/^run 1\/4: dropout-0.5, seed 1 \(resuming\) in .*seed-1$/);
    expect(announced[1]).toMatch(/run 2\/4: dropout-0, seed 1 in .*; experiment elapsed 20s, about 1m00s left$/);
    expect(calls).toEqual(["dropout-0.5/1", "dropout-0.5/1 resumed", "dropout-0/1", "dropout-0.5/2", "dropout-0/2"]);
    // The step log has each of the run's steps once: 6 batches of 8 from 48 images, 2 epochs.
    expect(readSteps(runs[0].folder).map((record) => record.step)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));

    const third = await runPlannedRuns(runs, trainerFor(new AbortController().signal, calls), () => {});
    expect(third).toEqual({ trained: 0, alreadyDone: 4, interrupted: false });

    const summary = summarizeExperiment(definition, runs);
    expect(summary.finishedRuns).toBe(4);
    for (const claim of summary.claims) expect(["holds here", "does not hold here", "within noise"]).toContain(claim.judgement.verdict);
    const report = await writeExperimentReport(layout.reportFolder, summary, { command: "alexnet experiment dropout --data synthetic", budget: "tiny", trainingSeconds: 1 });
    for (const file of Object.values(reportFiles)) expect(existsSync(join(layout.reportFolder, file))).toBe(true);
    const curves = readFileSync(join(layout.reportFolder, reportFiles.curvesSvg), "utf8");
    // One band over the seeds per arm and panel; a legend entry per arm.
    expect((curves.match(/class="band"/g) ?? []).length).toBe(4);
    expect(curves).toContain(">dropout-0.5</text>");
    const text = readFileSync(report, "utf8");
    expect(text).toContain("![learning curves](curves.png)");
    expect(text).toContain(runs[3].folder);
    const json = JSON.parse(readFileSync(join(layout.reportFolder, reportFiles.json), "utf8")) as { arms: { seeds: number[] }[]; claims: { verdict: string }[] };
    expect(json.arms.map((arm) => arm.seeds)).toEqual([[1, 2], [1, 2]]);
    expect(json.claims.length).toBe(definition.claims.length);
  });

  it("trains a run shared by two arms once", async () => {
    const root = folder();
    const calls: string[] = [];
    const shared: RunTrainer = { ...trainerFor(new AbortController().signal, calls), effectiveSettings: (_, seed) => ({ seed }), readableName: () => "same" };
    const runs = planRuns(definition, [1], { reportFolder: join(root, "report"), runStore: join(root, "runs") }, shared);
    expect(runs[0].folder).toBe(runs[1].folder);
    expect(await runPlannedRuns(runs, shared, () => {})).toEqual({ trained: 1, alreadyDone: 1, interrupted: false });
    const summary = summarizeExperiment(definition, runs);
    expect(summary.claims[0].sentence).toContain("the two arms are the same runs on this data");
    expect(summary.claims[0].judgement.verdict).toBe("within noise");
  });
});
