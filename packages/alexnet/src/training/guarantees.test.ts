import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCpuBackend } from "@alexnet-ts/backend-cpu";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint, saveCheckpoint } from "../checkpoint/checkpoint.js";
import { OutputError } from "../checkpoint/errors.js";
import { readMetrics, readRunMetrics } from "./metrics.js";
import { resolveCheckpointPath } from "./run-folder.js";
import { lockFileName } from "./run-lock.js";
import { readManifest } from "./run-manifest.js";
import { tinyGraph, tinySource, tinyTrainOptions, trainingLosses, temporaryFolder } from "./test-fixtures.js";
import { outputFiles, train, type TrainOptions } from "./trainer.js";

// Tiny runs (a few hundred parameters, 48 training images, 6 steps an epoch) with faults injected
// where a kill, a full disk or a second process would strike.
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function outFolder(): string {
  const folder = temporaryFolder("alexnet-guarantees-");
  folders.push(folder);
  return folder;
}

const backend = createCpuBackend();
const graph = tinyGraph(3, 8, 3);

function options(overrides: Partial<TrainOptions>): TrainOptions {
  return tinyTrainOptions({ backend, graph, outFolder: outFolder(), pca: false }, overrides);
}

async function losses(run: Partial<TrainOptions>): Promise<number[]> {
  return trainingLosses(options(run));
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("a run folder has one owner", () => {
  it("refuses a fresh run into a folder that holds a run, naming --resume, --out and --overwrite; --overwrite replaces it whole", async () => {
    const out = outFolder();
    await train(options({ outFolder: out, epochs: 2 }));
    const best = readFileSync(join(out, outputFiles.best));
    const error = await train(options({ outFolder: out, epochs: 1, seed: 12 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toMatch(/already holds a training run \(run\.json, states, checkpoint\.safetensors, best\.safetensors, metrics\.jsonl, training\.svg, training\.png\); continue it with --resume, choose a new --out, or pass --overwrite to replace it$/);
    expect(readFileSync(join(out, outputFiles.best))).toEqual(best);
    expect(readMetrics(join(out, outputFiles.metrics)).length).toBe(2);
    await train(options({ outFolder: out, epochs: 1, seed: 12, overwrite: true }));
    expect(readMetrics(join(out, outputFiles.metrics)).map((line) => line.epoch)).toEqual([1]);
    expect(loadCheckpoint(join(out, outputFiles.best)).metadata?.training.seed).toBe(12);
    expect(existsSync(join(out, outputFiles.chart))).toBe(true);
  });

  it("a second run into a folder in use is refused in one line while the first finishes untouched", async () => {
    const out = outFolder();
    const [first, second] = await Promise.allSettled([train(options({ outFolder: out })), train(options({ outFolder: out, seed: 3 }))]);
    expect(first.status).toBe("fulfilled");
    expect(second.status).toBe("rejected");
    expect(String((second as PromiseRejectedResult).reason.message)).toMatch(/is in use by another training run \(process \d+, since .*\); wait for it to finish or choose another --out$/);
    expect(readMetrics(join(out, outputFiles.metrics)).map((line) => line.epoch)).toEqual([1, 2]);
    expect(loadCheckpoint(join(out, outputFiles.checkpoint)).metadata?.training.seed).toBe(11);
    expect(existsSync(join(out, lockFileName))).toBe(false);
  });

  it("a lock held by a live process refuses; a stale lock from a dead process is replaced", async () => {
    const out = outFolder();
    writeFileSync(join(out, lockFileName), JSON.stringify({ pid: process.ppid, host: (await import("node:os")).hostname(), started: "earlier" }));
    await expect(train(options({ outFolder: out }))).rejects.toThrow(new RegExp(`in use by another training run \\(process ${process.ppid}, since earlier\\)`));
    writeFileSync(join(out, lockFileName), JSON.stringify({ pid: deadPid(), host: (await import("node:os")).hostname(), started: "earlier" }));
    const result = await train(options({ outFolder: out, epochs: 1 }));
    expect(result.epochsCompleted).toBe(1);
    expect(existsSync(join(out, lockFileName))).toBe(false);
  });

  it("refuses an --out that is a file, is under a file, or is under /proc, without creating anything", async () => {
    const out = outFolder();
    const file = join(out, "a-file");
    writeFileSync(file, "x");
    await expect(train(options({ outFolder: file }))).rejects.toThrow(/^--out .*a-file is a file, not a folder; choose another --out$/);
    await expect(train(options({ outFolder: join(file, "run") }))).rejects.toThrow(/^--out .*a-file[/\\]run is under .*a-file, which is a file, not a folder/);
    await expect(train(options({ outFolder: "/proc/alexnet-run/x" }))).rejects.toThrow(/^--out \/proc\/alexnet-run\/x is under \/proc, a kernel file system; choose a folder on a disk$/);
    await expect(train(options({ outFolder: "/sys/x" }))).rejects.toThrow(/is under \/sys/);
  });
});

describe("an epoch commits atomically", () => {
  it("a failure after the checkpoint file (before metrics and manifest) leaves the previous epoch complete; --resume then matches an uninterrupted run", async () => {
    const uninterrupted = await losses({ epochs: 3 });
    const out = outFolder();
    const before: number[] = [];
    let commits = 0;
    const crash = () => {
      if (++commits === 2) throw new Error("simulated kill after epoch 2's checkpoint");
    };
    await expect(train(options({ outFolder: out, epochs: 3, onStepLoss: (_, loss) => before.push(loss), faults: { afterCheckpoint: crash } }))).rejects.toThrow(/simulated kill/);
    expect(readManifest(out)?.epoch).toBe(1);
    expect(loadCheckpoint(join(out, outputFiles.checkpoint)).metadata?.epoch).toBe(1);
    expect(loadCheckpoint(join(out, outputFiles.best)).metadata?.epoch).toBe(1);
    expect(readRunMetrics(out).map((line) => line.epoch)).toEqual([1]);
    // The uncommitted epoch-2 checkpoint is still in states/ until the next start removes it.
    expect(readdirSync(join(out, "states")).sort()).toEqual(["checkpoint-e1-b0.safetensors", "checkpoint-e2-b0.safetensors"]);
    const after = await losses({ outFolder: out, epochs: 3, resume: true });
    expect([...before.slice(0, 6), ...after]).toEqual(uninterrupted);
    expect(readdirSync(join(out, "states"))).toEqual(["checkpoint-e3-b0.safetensors"]);
  });

  it("a failure between the metrics line and the manifest: readers and --resume see only committed lines", async () => {
    const reference = outFolder();
    await train(options({ outFolder: reference, epochs: 2 }));
    const out = outFolder();
    let commits = 0;
    await expect(
      train(options({ outFolder: out, epochs: 2, faults: { beforeManifest: () => {
        if (++commits === 2) throw new Error("simulated kill before the manifest");
      } } })),
    ).rejects.toThrow(/simulated kill/);
    expect(readMetrics(join(out, outputFiles.metrics)).length).toBe(2);
    expect(readRunMetrics(out).length).toBe(1);
    await train(options({ outFolder: out, epochs: 2, resume: true }));
    const strip = (lines: ReturnType<typeof readMetrics>) => lines.map(({ seconds, imagesPerSecond, ...rest }) => rest);
    expect(strip(readMetrics(join(out, outputFiles.metrics)))).toEqual(strip(readMetrics(join(reference, outputFiles.metrics))));
  });

  it("removes leftover *.tmp-PID files and uncommitted states on the next start", async () => {
    const out = outFolder();
    await train(options({ outFolder: out, epochs: 1 }));
    writeFileSync(join(out, "checkpoint.safetensors.tmp-99999"), Buffer.alloc(1000));
    writeFileSync(join(out, "states", "checkpoint-e7-b0.safetensors.tmp-4242"), Buffer.alloc(1000));
    writeFileSync(join(out, "states", "checkpoint-e9-b0.safetensors"), Buffer.alloc(1000));
    await train(options({ outFolder: out, epochs: 1, resume: true }));
    expect(readdirSync(out).filter((name) => name.includes(".tmp-"))).toEqual([]);
    expect(readdirSync(join(out, "states"))).toEqual(["checkpoint-e1-b0.safetensors"]);
  });

  it("eval's --checkpoint resolves a run folder, and its checkpoint.safetensors, to the committed file", async () => {
    const out = outFolder();
    await train(options({ outFolder: out, epochs: 1 }));
    expect(resolveCheckpointPath(out)).toBe(join(out, "states", "checkpoint-e1-b0.safetensors"));
    expect(resolveCheckpointPath(join(out, outputFiles.checkpoint))).toBe(join(out, "states", "checkpoint-e1-b0.safetensors"));
    const empty = join(out, "empty");
    mkdirSync(empty);
    expect(() => resolveCheckpointPath(empty)).toThrow(/is a folder without a training run; give a .safetensors file or a folder that alexnet train wrote/);
  });
});

describe("resume is exact or refused", () => {
  it("refuses each changed setting in one line naming its flag", async () => {
    const out = outFolder();
    await train(options({ outFolder: out, epochs: 1, dataOptions: { limit: 60, validationFraction: 0.2 } }));
    const cases: [Partial<TrainOptions>, RegExp][] = [
      [{ momentum: 0.5 }, /trained with --momentum 0.9, not 0.5/],
      [{ weightDecay: 0 }, /trained with --weight-decay 0.0005, not 0/],
      [{ batchSize: 4 }, /trained with --batch 8, not 4/],
      [{ schedule: "cosine" }, /trained with --schedule plateau, not cosine/],
      [{ dataOptions: { limit: 30, validationFraction: 0.2 } }, /trained with --limit 60, not 30/],
      [{ dataOptions: { limit: 60, validationFraction: 0.3 } }, /trained with --val-split 0.2, not 0.3/],
      [{ augmentation: { crop: true, flip: false, pca: false } }, /trained with flip augmentation on, not off/],
      [{ variantOptions: { classes: 3, dropout: 0 } }, /trained with --dropout \(not given\), not 0/],
      [{ data: tinySource(60, 3, 6) }, /trained with --data synthetic \(other images than --data synthetic gives\)/],
    ];
    for (const [change, message] of cases) {
      await expect(train(options({ outFolder: out, epochs: 2, resume: true, dataOptions: { limit: 60, validationFraction: 0.2 }, ...change }))).rejects.toThrow(message);
    }
    // Nothing was written by the refused resumes.
    expect(readManifest(out)?.epoch).toBe(1);
  });

  it("refuses a resume from a checkpoint missing an optimizer velocity (it would not be exact)", async () => {
    const out = outFolder();
    await train(options({ outFolder: out, epochs: 1 }));
    const committed = join(out, readManifest(out)!.checkpoint);
    const checkpoint = loadCheckpoint(committed);
    checkpoint.velocities.delete("conv1.weight");
    saveCheckpoint(committed, checkpoint);
    await expect(train(options({ outFolder: out, epochs: 2, resume: true }))).rejects.toThrow(/--resume: .* has no optimizer velocity for conv1\.weight, so the run cannot continue exactly; train into a new --out$/);
  });

  it("honours --epochs and an explicit --lr on resume, recording the override in the metrics line", async () => {
    const out = outFolder();
    await train(options({ outFolder: out, epochs: 1 }));
    const result = await train(options({ outFolder: out, epochs: 3, resume: true, learningRateOverride: 0.002 }));
    expect(result.history.map((line) => line.epoch)).toEqual([1, 2, 3]);
    expect(result.history[1].learningRate).toBe(0.002);
    expect(result.history[1].learningRateOverride).toBe(0.002);
    expect(result.history[2].learningRateOverride).toBeUndefined();
    expect(loadCheckpoint(join(out, outputFiles.checkpoint)).metadata?.training.learningRateOverrides).toEqual([{ step: 6, learningRate: 0.002 }]);
  });

  it("after a mid-epoch resume the epoch's seconds include the time before the interruption", async () => {
    const out = outFolder();
    const controller = new AbortController();
    const busy = (milliseconds: number) => {
      const until = performance.now() + milliseconds;
      while (performance.now() < until);
    };
    await train(options({ outFolder: out, epochs: 1, signal: controller.signal, onStepLoss: (step) => {
      busy(60);
      if (step === 3) controller.abort();
    } }));
    const stored = loadCheckpoint(join(out, outputFiles.checkpoint)).metadata?.training.sums as { seconds: number };
    expect(stored.seconds).toBeGreaterThanOrEqual(0.18);
    const result = await train(options({ outFolder: out, epochs: 1, resume: true }));
    const [epoch] = result.history;
    expect(epoch.seconds).toBeGreaterThanOrEqual(stored.seconds);
    // images/s is the epoch's 48 images over the epoch's seconds, not over the seconds since the resume.
    expect(epoch.imagesPerSecond * epoch.seconds).toBeCloseTo(48, 6);
  });
});
