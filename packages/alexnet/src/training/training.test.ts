import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { createCpuBackend } from "@alexnet-ts/backend-cpu";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "../checkpoint/checkpoint.js";
import { evaluateDataset } from "./evaluate.js";
import { loadTrainedModel, predictFiles } from "./load-model.js";
import { readMetrics } from "./metrics.js";
import { silentReporter } from "./progress.js";
import { tinyGraph, tinySource, tinyTrainOptions, trainingLosses, temporaryFolder } from "./test-fixtures.js";
import { outputFiles, train, TrainingDivergedError, type TrainOptions } from "./trainer.js";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function outFolder(): string {
  const folder = temporaryFolder("alexnet-train-");
  folders.push(folder);
  return folder;
}

const backend = createCpuBackend();
const graph = tinyGraph(3, 8, 3);

function options(overrides: Partial<TrainOptions>): TrainOptions {
  return tinyTrainOptions({ backend, graph, outFolder: outFolder(), pca: true }, overrides);
}

async function losses(run: Partial<TrainOptions>): Promise<number[]> {
  return trainingLosses(options(run));
}

describe("training", () => {
  it("learns the synthetic data and writes checkpoint, best, metrics and chart", async () => {
    const out = outFolder();
    const baseline = backend.liveTensorCount();
    const result = await train(options({ outFolder: out, epochs: 4 }));
    expect(backend.liveTensorCount()).toBe(baseline);
    expect(result.interrupted).toBe(false);
    expect(result.history.length).toBe(4);
    expect(result.history[3].trainLoss).toBeLessThan(result.history[0].trainLoss);
    expect(result.test?.top1).toBeGreaterThan(0.6);
    for (const file of Object.values(outputFiles)) expect(existsSync(join(out, file))).toBe(true);
    expect(readMetrics(join(out, outputFiles.metrics)).map((metrics) => metrics.epoch)).toEqual([1, 2, 3, 4]);
    const svg = readFileSync(join(out, outputFiles.chart), "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(5);
    const checkpoint = loadCheckpoint(join(out, outputFiles.checkpoint));
    expect(checkpoint.metadata?.epoch).toBe(4);
    expect([...checkpoint.velocities.keys()].sort()).toEqual(["conv1.bias", "conv1.weight", "fc.bias", "fc.weight"]);
  });

  it("resumes exactly: 1 epoch + resume to 2 gives the losses of 2 epochs in one run", async () => {
    const uninterrupted = await losses({ epochs: 2 });
    const out = outFolder();
    const first = await losses({ epochs: 1, outFolder: out });
    const second = await losses({ epochs: 2, outFolder: out, resume: true });
    expect(first.length + second.length).toBe(uninterrupted.length);
    expect([...first, ...second]).toEqual(uninterrupted);
  });

  it("recovers from an interruption in the middle of an epoch with the same losses", async () => {
    const uninterrupted = await losses({ epochs: 2 });
    const out = outFolder();
    const controller = new AbortController();
    const before: number[] = [];
    const interrupted = await train(
      options({
        outFolder: out,
        signal: controller.signal,
        onStepLoss: (step, loss) => {
          before.push(loss);
          if (step === 3) controller.abort();
        },
      }),
    );
    expect(interrupted.interrupted).toBe(true);
    expect(before.length).toBe(3);
    expect(loadCheckpoint(join(out, outputFiles.checkpoint)).metadata?.stepInEpoch).toBe(3);
    const after = await losses({ outFolder: out, resume: true });
    expect([...before, ...after]).toEqual(uninterrupted);
    // The resumed epoch's mean loss counts the steps taken before the interruption too.
    const reference = outFolder();
    await train(options({ outFolder: reference }));
    expect(readMetrics(join(out, outputFiles.metrics))).toEqual(
      readMetrics(join(reference, outputFiles.metrics)).map((metrics, index) => ({ ...metrics, seconds: readMetrics(join(out, outputFiles.metrics))[index].seconds, imagesPerSecond: readMetrics(join(out, outputFiles.metrics))[index].imagesPerSecond })),
    );
  });

  it("redraws the chart (SVG and PNG) after every epoch, so a run stopped after one has its chart", async () => {
    const out = outFolder();
    const controller = new AbortController();
    const result = await train(options({ outFolder: out, epochs: 3, signal: controller.signal, reporter: { ...silentReporter, epochEnd: () => controller.abort() } }));
    expect(result).toMatchObject({ interrupted: true, epochsCompleted: 1, chartPath: join(out, outputFiles.chart) });
    const svg = readFileSync(join(out, outputFiles.chart), "utf8");
    expect((svg.match(/<circle/g) ?? []).length).toBe(5);
    expect(readFileSync(join(out, outputFiles.chartPng)).subarray(1, 4).toString()).toBe("PNG");
  });

  it("refuses to resume with another seed", async () => {
    const out = outFolder();
    await train(options({ epochs: 1, outFolder: out }));
    await expect(train(options({ outFolder: out, resume: true, seed: 12 }))).rejects.toThrow(/^--resume: .* was trained with --seed 11, not 12; resume with the same values, or train into a new --out$/);
  });

  it("stops on a NaN or infinite loss with one message and leaves the last checkpoint intact", async () => {
    const out = outFolder();
    await train(options({ epochs: 1, outFolder: out }));
    const path = join(out, outputFiles.checkpoint);
    const saved = readFileSync(path);
    const error = await train(options({ epochs: 3, outFolder: out, resume: true, learningRateOverride: 1e6 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect((error as Error).message).toMatch(
      /^(the loss became (NaN|Infinity|-Infinity) at epoch 2, step \d+|the validation loss became NaN after epoch 2) \(learning rate 1000000\): training diverged and stopped; the last good checkpoint .* is intact; try a lower --lr$/,
    );
    expect(readFileSync(path)).toEqual(saved);
    expect(loadCheckpoint(path).metadata?.learningRate).toBe(0.01);
  });
  it("loads a checkpoint for eval (same numbers as training's test) and predicts image files with class names", async () => {
    const out = outFolder();
    const result = await train(options({ epochs: 2, outFolder: out }));
    const trained = await loadTrainedModel(backend, join(out, outputFiles.checkpoint), { graph });
    try {
      expect(trained.classNames).toEqual(["class-0", "class-1", "class-2"]);
      const evaluation = await evaluateDataset(trained.model, tinySource().test!, trained.pipeline);
      expect(evaluation).toEqual(result.test);
      const ten = await evaluateDataset(trained.model, tinySource().test!, trained.pipeline, { tenCrop: true });
      expect(ten.count).toBe(evaluation.count);
      const image = join(out, "image.png");
      const png = new PNG({ width: 12, height: 10 });
      png.data.fill(200);
      writeFileSync(image, PNG.sync.write(png));
      const [prediction] = await predictFiles(trained, [image]);
      expect(prediction.path).toBe(image);
      expect(prediction.top.map((entry) => entry.className).sort()).toEqual(["class-0", "class-1", "class-2"]);
      const probabilities = prediction.top.map((entry) => entry.probability);
      expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
      expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
      await expect(predictFiles(trained, [join(out, "missing.png")])).rejects.toThrow(/cannot read image .*missing.png/);
    } finally {
      trained.model.dispose();
    }
  });
});
