import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { imagenetClassNames, randomTorchvisionWeights } from "@alexnet-ts/alexnet";
import { installedBackendRegistry } from "@alexnet-ts/registry/node";
import { runCli } from "../test-run-cli.js";

// tfjs-node cannot install here (its install script downloads libtensorflow); on a machine where every backend runs, nothing is unavailable to try.
const unavailable = (await installedBackendRegistry().list()).find((row) => !row.available);

describe("alexnet predict", () => {
  it("runs the small variant on cpu and prints five ranked classes with probabilities", async () => {
    const result = await runCli(["predict", "--backend", "cpu", "--variant", "small", "--seed", "3"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const ranks = result.stdout.split("\n").filter((line) => /^\s*\d\. class-\d+/.test(line));
    expect(ranks).toHaveLength(5);
    const percentages = ranks.map((line) => Number(/([\d.]+)%$/.exec(line)![1]));
    expect([...percentages].sort((a, b) => b - a)).toEqual(percentages);
    expect(percentages.reduce((sum, value) => sum + value, 0)).toBeLessThanOrEqual(100.01);
  });

  it("gives the same answer for the same seed", async () => {
    const first = await runCli(["predict", "--variant", "small", "--seed", "8"]);
    const second = await runCli(["predict", "--variant", "small", "--seed", "8"]);
    const ranking = (text: string) => text.split("\n").filter((line) => /^\s*\d\./.test(line));
    expect(ranking(first.stdout)).toEqual(ranking(second.stdout));
  });

  it("reads an input image from JSON and refuses one of the wrong size in one line", async () => {
    const folder = mkdtempSync(join(tmpdir(), "alexnet-predict-"));
    const good = join(folder, "good.json");
    const bad = join(folder, "bad.json");
    writeFileSync(good, JSON.stringify(Array.from({ length: 28 * 28 }, (_, index) => (index % 28) / 28)));
    writeFileSync(bad, JSON.stringify([1, 2, 3]));
    const ok = await runCli(["predict", "--variant", "small", "--values", good]);
    expect(ok.code).toBe(0);
    const refused = await runCli(["predict", "--variant", "small", "--values", bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^alexnet: --values .*bad\.json holds 3 numbers, but the model takes one 1×28×28 image \(784 numbers\)/);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("an unknown backend ends with one line naming the backends there are, exit code 2", async () => {
    const result = await runCli(["predict", "--backend", "quantum", "--variant", "small"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^alexnet: unknown backend "quantum"; choose one of: cpu, tfjs-cpu/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.skipIf(unavailable === undefined)(`an unavailable backend (${unavailable?.name ?? "none here: skipped"}) says why, how to enable it, and which are available`, async () => {
    const result = await runCli(["predict", "--backend", unavailable!.name, "--variant", "small"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^alexnet: backend "${unavailable!.name}" is not available here: .*; available: cpu`));
  });

  it("classifies image files with a trained checkpoint, naming classes from it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "alexnet-predict-checkpoint-"));
    const data = join(folder, "images");
    for (const [label, colour] of [["red", [220, 30, 30]], ["blue", [30, 30, 220]]] as const) {
      mkdirSync(join(data, label), { recursive: true });
      for (let index = 0; index < 3; index++) {
        const png = new PNG({ width: 18, height: 18 });
        for (let pixel = 0; pixel < 18 * 18; pixel++) png.data.set([colour[0] - index, colour[1], colour[2] + index, 255], pixel * 4);
        writeFileSync(join(data, label, `${index}.png`), PNG.sync.write(png));
      }
    }
    const out = join(folder, "run");
    const trained = await runCli(["train", "--variant", "small", "--input", "16", "--channels", "3", "--data", data, "--batch", "3", "--epochs", "1", "--val-split", "0.3", "--out", out]);
    expect(trained.code).toBe(0);
    const image = join(data, "red", "0.png");
    const result = await runCli(["predict", "--checkpoint", join(out, "checkpoint.safetensors"), image]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe(image);
    // Two classes: both named from the checkpoint, probabilities summing to 100%.
    const ranked = lines.slice(1).map((line) => /^\s+\d\. (\w+)\s+([\d.]+)%$/.exec(line)!);
    expect(ranked.map((match) => match[1]).sort()).toEqual(["blue", "red"]);
    expect(ranked.reduce((sum, match) => sum + Number(match[2]), 0)).toBeCloseTo(100, 1);
    const missing = await runCli(["predict", "--checkpoint", join(out, "checkpoint.safetensors"), join(folder, "none.png")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^alexnet: skipped .*none\.png: no such file or folder\nalexnet: nothing to classify/);

    // A folder, a quoted glob and a corrupt file: the bad one is named in one line and skipped, the rest classified, exit code 3.
    writeFileSync(join(data, "blue", "broken.png"), "not a png");
    const mixed = await runCli(["predict", "--checkpoint", join(out, "checkpoint.safetensors"), "--top", "1", join(data, "blue"), join(data, "red", "*.png"), join(folder, "none.png")]);
    expect(mixed.code).toBe(3);
    expect(mixed.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^alexnet: skipped .*none\.png: no such file or folder$/),
      expect.stringMatching(/^alexnet: skipped .*blue\/broken\.png: .+/),
    ]);
    const classified = mixed.stdout.split("\n").filter((line) => line.endsWith(".png"));
    expect(classified).toEqual([...["0", "1", "2"].map((name) => join(data, "blue", `${name}.png`)), ...["0", "1", "2"].map((name) => join(data, "red", `${name}.png`))]);
    // --top 1: one ranked line per image.
    expect(mixed.stdout.split("\n").filter((line) => /^\s+\d+\. /.test(line))).toHaveLength(6);
    const noCheckpoint = await runCli(["predict", image]);
    expect(noCheckpoint.code).toBe(2);
    expect(noCheckpoint.stderr).toMatch(/needs trained weights: add --checkpoint FILE/);
  });

  it("classifies a photo with a torchvision-named checkpoint (random weights) and prints ImageNet class names", async () => {
    const folder = mkdtempSync(join(tmpdir(), "alexnet-predict-torchvision-"));
    try {
      const weights = join(folder, "alexnet.safetensors");
      writeFileSync(weights, Buffer.concat(randomTorchvisionWeights(11)));
      // A 400×300 photo-like gradient: Resize(256) makes it 341×256, CenterCrop(224) takes the middle.
      const png = new PNG({ width: 400, height: 300 });
      for (let pixel = 0; pixel < 400 * 300; pixel++) png.data.set([(pixel % 400) * 0.6, Math.floor(pixel / 400) * 0.8, 90, 255], pixel * 4);
      const photo = join(folder, "photo.png");
      writeFileSync(photo, PNG.sync.write(png));
      const text = await runCli(["predict", "--variant", "torchvision", "--checkpoint", weights, "--top", "7", photo]);
      expect(text.stderr).toBe("");
      expect(text.code).toBe(0);
      const lines = text.stdout.trim().split("\n");
      expect(lines[0]).toBe(photo);
      expect(lines).toHaveLength(8);
      // Each ranked line is "  N. <ImageNet name>  P%": every name is one of the 1,000.
      const names = lines.slice(1).map((line) => /^\s+\d+\. (.+?)\s+[\d.]+%$/.exec(line)![1]);
      for (const name of names) expect(imagenetClassNames).toContain(name);
      expect(names).toHaveLength(7);
      const noVariant = await runCli(["predict", "--checkpoint", weights, photo]);
      expect(noVariant.code).toBe(2);
      expect(noVariant.stderr).toMatch(/no alexnet-ts metadata .* pass --variant/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
