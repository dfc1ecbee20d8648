import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCheckpoint, readManifest, readRunMetrics } from "@alexnet-ts/alexnet";
import { afterAll, describe, expect, it } from "vitest";

// A real SIGKILL (no handler runs, no finally) of the built CLI while it trains, at moments inside
// and between commits; the folder must then hold one complete committed state, and --resume must
// finish the run. Needs the built bin (turbo builds it and what it imports, cached).
const repositoryRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
const build = spawnSync("npx", ["turbo", "run", "build", "--filter=@alexnet-ts/cli", "--output-logs=errors-only"], { cwd: repositoryRoot, encoding: "utf8", timeout: 300_000 });
const skipReason = build.status !== 0 ? `the build failed (${(build.stderr || build.stdout || String(build.error)).trim().split("\n").slice(-2).join(" / ")})` : existsSync(bin) ? undefined : "the build left no dist/bin.js";
if (skipReason !== undefined) console.warn(`kill tests skipped: ${skipReason}`);

const folder = mkdtempSync(join(tmpdir(), "alexnet-kill-"));
// Without VITEST the built CLI loads the built backends (under the test runner it would pick their TypeScript sources).
const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// About 36 synthetic images in batches of 6 at 16×16: about 6 steps an epoch, 3 epochs, a few seconds.
const args = ["train", "--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "36", "--batch", "6", "--epochs", "3"];

/** Runs train and SIGKILLs it once its output matches `when` (plus `delay` ms); resolves when it has died. */
function trainAndKill(out: string, when: RegExp, delay: number): Promise<{ killed: boolean; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, "--out", out], { stdio: ["ignore", "pipe", "pipe"], env: environment });
    let stdout = "";
    let armed = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!armed && when.test(stdout)) {
        armed = true;
        setTimeout(() => child.kill("SIGKILL"), delay);
      }
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("exit", (_code, signal) => resolve({ killed: signal === "SIGKILL", stdout: stdout + stderr }));
  });
}

/** The folder's committed state is complete and self-consistent. */
function expectConsistent(out: string): void {
  const manifest = readManifest(out);
  if (manifest === undefined) {
    // Killed before the first commit: nothing that claims to be a run.
    expect(existsSync(join(out, "checkpoint.safetensors"))).toBe(false);
    return;
  }
  const checkpoint = loadCheckpoint(join(out, manifest.checkpoint)).metadata!;
  expect([checkpoint.epoch, checkpoint.stepInEpoch, checkpoint.step]).toEqual([manifest.epoch, manifest.stepInEpoch, manifest.step]);
  expect(readRunMetrics(out).map((line) => line.epoch)).toEqual(Array.from({ length: manifest.metricsLines }, (_, index) => index + 1));
  expect(manifest.metricsLines).toBe(manifest.epoch);
  if (manifest.best !== null) expect(loadCheckpoint(join(out, manifest.best)).metadata!.epoch).toBeLessThanOrEqual(manifest.epoch);
}

describe.skipIf(skipReason !== undefined)("a SIGKILL at any moment leaves one complete committed state", () => {
  const moments: [string, RegExp, number][] = [
    ["during epoch 1's validation and commit", /epoch 1 batch (\d+)\/\1 /, 0],
    ["just after epoch 1's commit", /epoch 1 done/, 0],
    ["in the middle of epoch 2", /epoch 2 batch 2\//, 0],
    ["a little after epoch 2's last step", /epoch 2 batch (\d+)\/\1 /, 15],
  ];
  it.each(moments)("killed %s: the state is consistent and --resume finishes the run", async (label, when, delay) => {
    const out = join(folder, label.replaceAll(/\W+/g, "-"));
    const { killed, stdout } = await trainAndKill(out, when, delay);
    expect(killed, stdout).toBe(true);
    expectConsistent(out);
    const resumed = spawnSync(process.execPath, [bin, ...args, "--out", out, ...(readManifest(out) === undefined ? ["--overwrite"] : ["--resume"])], { encoding: "utf8", timeout: 120_000, env: environment });
    expect(resumed.stderr).toBe("");
    expect(resumed.status).toBe(0);
    expectConsistent(out);
    expect(readManifest(out)?.epoch).toBe(3);
    expect(readdirSync(out).filter((name) => name.includes(".tmp-") || name === "run.lock")).toEqual([]);
    // Only what the manifest names is left in states/: the last checkpoint, and the best one if that is another.
    const manifest = readManifest(out)!;
    expect(readdirSync(join(out, "states")).sort()).toEqual([...new Set([manifest.checkpoint, manifest.best ?? manifest.checkpoint])].map((name) => basename(name)).sort());
  });
});
