import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { prepareOutputFile } from "@alexnet-ts/alexnet";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "alexnet-cli-paths-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function expectOneLine(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split("\n").length).toBe(1);
  expect(result.stdout).toBe("");
}

describe("output paths are checked before the work starts", () => {
  it("bench refuses --json, --markdown and --chart paths it cannot write, before benchmarking", async () => {
    expectOneLine(await runCli(["bench", "--backends", "cpu", "--json", "/proc/report.json"]), /^alexnet: --json \/proc\/report\.json is under \/proc, a kernel file system; choose a folder on a disk\n$/);
    expectOneLine(await runCli(["bench", "--backends", "cpu", "--markdown", folder]), /^alexnet: --markdown .* is a folder; give a file name \(inside it, or elsewhere\)\n$/);
    const file = join(folder, "a-file");
    writeFileSync(file, "x");
    expectOneLine(await runCli(["bench", "--backends", "cpu", "--chart", join(file, "chart.svg")]), /^alexnet: --chart's folder .*a-file is a file, not a folder/);
  });

  it("creates a missing folder for an output file up front", () => {
    const path = join(folder, "new", "deeper", "report.json");
    prepareOutputFile(path, "--json");
    expect(existsSync(dirname(path))).toBe(true);
  });

  it("new-backend refuses a built-in backend's name and a --dir under /proc (without hanging in mkdir)", async () => {
    expectOneLine(await runCli(["new-backend", "cpu"]), /^alexnet: backend name "cpu" is taken by a built-in backend \(.*cpu.*\); choose another name\n$/);
    expectOneLine(await runCli(["new-backend", "my-gpu", "--dir", "/proc/x"]), /^alexnet: --dir \/proc\/x is under \/proc, a kernel file system/);
    expectOneLine(await runCli(["new-backend", "my-gpu", "--dir", "/sys"]), /^alexnet: --dir \/sys is under \/sys/);
  });

  it("new-backend outside the repository writes a tsconfig that extends the repository's base, and says npm will not link it", async () => {
    const result = await runCli(["new-backend", "outside", "--dir", folder]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/note: .*backend-outside is outside the repository .* so npm install does not link it/);
    const tsconfig = JSON.parse(readFileSync(join(folder, "backend-outside", "tsconfig.json"), "utf8")) as { extends: string };
    expect(existsSync(resolve(folder, "backend-outside", tsconfig.extends))).toBe(true);
  });
});
