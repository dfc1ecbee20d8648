import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./test-run-cli.js";

// The built bin, run as a user runs it: build it first (turbo builds the packages it needs too).
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
// What npm links as `alexnet`: a committed launcher that loads dist/bin.js.
const launcher = fileURLToPath(new URL("../bin/alexnet.js", import.meta.url));
const build = spawnSync("npx", ["turbo", "run", "build", "--filter=@alexnet-ts/cli", "--output-logs=errors-only"], {
  cwd: repositoryRoot,
  encoding: "utf8",
  timeout: 300_000,
});
const skipReason =
  build.status !== 0
    ? `the build failed (${(build.stderr || build.stdout || String(build.error)).trim().split("\n").slice(-3).join(" / ")})`
    : existsSync(bin)
      ? undefined
      : "the build left no dist/bin.js";
if (skipReason !== undefined) console.warn(`bin tests skipped: ${skipReason}`);

function runBin(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(launcher, [...args], { encoding: "utf8", env: { ...process.env, ALEXNET_DEBUG: "" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(skipReason !== undefined)(`the built alexnet bin${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`, () => {
  it("prints the same Keras table as the in-process run", async () => {
    const args = ["summary", "--variant", "seed-keras", "--format", "keras"];
    const result = runBin(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe((await runCli(args)).stdout);
    expect(result.stdout).toContain("Total params: 62,379,752\n");
  });

  it("exits 2 with one line for bad input", () => {
    const result = runBin(["summary", "--classes", "0"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: 'alexnet: --classes must be a whole number of at least 1, but is "0"\n' });
  });
});
