import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

const line = (epoch: number): string =>
  JSON.stringify({ epoch, step: 5 * epoch, learningRate: 0.05, trainLoss: 2 / epoch, trainAccuracy: 0.5, validationLoss: 2 / epoch, validationAccuracy: 0.4, validationTop5: 0.9, seconds: 1, imagesPerSecond: 10 });

describe("alexnet chart", () => {
  it("redraws training.svg and training.png from metrics.jsonl", async () => {
    const folder = mkdtempSync(join(tmpdir(), "alexnet-chart-"));
    writeFileSync(join(folder, "metrics.jsonl"), `${line(1)}\n${line(2)}\n${line(3)}\n`);
    const result = await runCli(["chart", folder, "--title", "three epochs"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("chart of 3 epoch(s)");
    expect(readFileSync(join(folder, "training.svg"), "utf8")).toContain("three epochs");
    expect(readFileSync(join(folder, "training.png")).subarray(1, 4).toString()).toBe("PNG");
  });

  it("says in one line what is wrong with a folder that has no metrics, and exits 2", async () => {
    const folder = mkdtempSync(join(tmpdir(), "alexnet-chart-"));
    const result = await runCli(["chart", folder]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("metrics.jsonl does not exist");
    expect(existsSync(join(folder, "training.svg"))).toBe(false);
  });
});
