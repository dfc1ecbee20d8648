import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const made = mkdtempSync(join(tmpdir(), "alexnet-cli-experiment-"));
  folders.push(made);
  return made;
}

describe("alexnet experiment", () => {
  it("runs every arm at every seed on a tiny budget, prints JSON and writes the report; a second run trains nothing", async () => {
    const out = folder();
    const args = ["experiment", "pooling", "--data", "synthetic", "--images-per-epoch", "48", "--epochs", "1", "--seeds", "2", "--out", out];
    const result = await runCli([...args, "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { arms: { name: string; seeds: number[]; folders: string[] }[]; claims: { verdict: string; sentence: string }[]; command: string; budget: string };
    expect(summary.arms.map((arm) => [arm.name, arm.seeds])).toEqual([["overlapping", [1, 2]], ["plain", [1, 2]]]);
    expect(summary.claims.length).toBe(3);
    for (const claim of summary.claims) expect(["holds here", "does not hold here", "within noise"]).toContain(claim.verdict);
    expect(summary.budget).toContain("48 training images per epoch, 1 epoch(s)");
    expect(summary.command).toBe(`alexnet experiment pooling --data synthetic --images-per-epoch 48 --epochs 1 --seeds 2 --out ${out}`);
    for (const file of ["REPORT.md", "summary.json", "curves.svg", "curves.png", "headline.svg", "headline.png"]) expect(existsSync(join(out, "pooling", file))).toBe(true);
    // Each arm's runs are ordinary training folders.
    for (const runFolder of summary.arms.flatMap((arm) => arm.folders)) {
      for (const file of ["checkpoint.safetensors", "metrics.jsonl", "training.svg", "training.png", "steps.jsonl", "result.json"]) expect(existsSync(join(runFolder, file))).toBe(true);
    }
    expect(readdirSync(join(out, "runs")).length).toBe(2);

    const again = await runCli([...args, "--markdown"]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("run 1/4");
    expect(again.stdout).toMatch(/^\| arm \| seeds \| train error % \|/);
    expect(readFileSync(join(out, "pooling", "REPORT.md"), "utf8")).toContain("Overlapping pooling");
    // --report-only with more seeds than have run: trains nothing, summarizes the two that have.
    const report = await runCli([...args.slice(0, -4), "--seeds", "3", "--out", out, "--report-only"]);
    expect(report.code).toBe(0);
    expect(report.stdout).not.toMatch(/^run \d/m);
    expect(report.stdout).toContain("4/6 runs finished");
  });

  it("answers a wrong experiment, a grid without --grid and a bad grid with one line and exit code 2", async () => {
    for (const [args, message] of [
      [["experiment", "colour", "--data", "synthetic"], /unknown experiment "colour"; choose activation/],
      [["experiment", "grid", "--data", "synthetic"], /experiment grid needs --grid/],
      [["experiment", "grid", "--grid", "activation=swish", "--data", "synthetic"], /activation cannot be "swish"/],
      [["experiment", "dropout", "--grid", "dropout=0", "--data", "synthetic"], /--grid goes with `experiment grid`/],
      [["experiment", "dropout", "--data", "nowhere-folder"], /nowhere-folder/],
      [["experiment", "dropout", "--data", "synthetic", "--report-only"], /no run of this experiment has finished/],
    ] as const) {
      const result = await runCli([...args, "--out", folder()]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
