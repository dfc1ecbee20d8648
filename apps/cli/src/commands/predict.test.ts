import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

describe("alexnet predict", () => {
  it("runs the small variant on cpu and prints five ranked classes with probabilities", async () => {
    const result = await runCli(["predict", "--backend", "cpu", "--variant", "small", "--seed", "3"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const ranks = result.stdout.split("\n").filter((line) => /^\s*\d\. class \d+/.test(line));
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

  it("an unavailable backend says why, how to enable it, and which are available", async () => {
    const result = await runCli(["predict", "--backend", "tfjs-node", "--variant", "small"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^alexnet: backend "tfjs-node" is not available here: .*; available: cpu/);
  });
});
