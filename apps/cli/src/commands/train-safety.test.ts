import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { reportError } from "../errors.js";
import { run } from "../run.js";
import { runCli } from "../test-run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "alexnet-cli-train-safety-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// The small variant at 16×16 on 24 synthetic images: two steps, about a second on the CPU backend.
const quick = ["--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "24", "--batch", "12", "--epochs", "1"];

function expectOneLine(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split("\n").length).toBe(1);
}

describe("alexnet train keeps saved work", () => {
  it("refuses a fresh run into a folder holding one (before opening data), naming --resume, --out and --overwrite; --overwrite replaces it", async () => {
    const out = join(folder, "owned");
    expect((await runCli(["train", ...quick, "--out", out])).code).toBe(0);
    const before = readFileSync(join(out, "best.safetensors"));
    const refused = await runCli(["train", ...quick, "--seed", "2", "--out", out]);
    expectOneLine(refused, /^alexnet: .*owned already holds a training run \(.*\); continue it with --resume, choose a new --out, or pass --overwrite to replace it\n$/);
    expect(refused.stdout).toBe("");
    // Buffer.equals: a deep toEqual over megabytes of weights takes minutes.
    expect(readFileSync(join(out, "best.safetensors")).equals(before)).toBe(true);
    const replaced = await runCli(["train", ...quick, "--seed", "2", "--out", out, "--overwrite"]);
    expect(replaced.code).toBe(0);
    expect(readFileSync(join(out, "metrics.jsonl"), "utf8").trim().split("\n").length).toBe(1);
    expect(replaced.stdout).toMatch(/^best: {7}.*best\.safetensors \(epoch 1, validation loss \d+\.\d{4}\)$/m);
  });

  it("refuses a changed setting on --resume naming the flag, and records an explicit --lr", async () => {
    const out = join(folder, "resumed");
    expect((await runCli(["train", ...quick, "--out", out])).code).toBe(0);
    const more = [...quick.slice(0, -1), "2", "--out", out, "--resume"];
    expectOneLine(await runCli(["train", ...more, "--momentum", "0.5"]), /^alexnet: --resume: .* was trained with --momentum 0.9, not 0.5; resume with the same values, or train into a new --out\n$/);
    expectOneLine(await runCli(["train", ...more.map((value) => (value === "24" ? "36" : value))]), /was trained with --limit 24, not 36/);
    expectOneLine(await runCli(["train", ...more, "--no-flip"]), /was trained with flip augmentation on, not off/);
    expectOneLine(await runCli(["train", ...more, "--dropout", "0.2"]), /was trained with --dropout \(not given\), not 0.2/);
    const resumed = await runCli(["train", ...more, "--lr", "0.01"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resuming from .*: epoch 2, step 2, learning rate 0.01 \(set by --lr\)/);
    const lines = readFileSync(join(out, "metrics.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { learningRate: number; learningRateOverride?: number });
    expect(lines[1]).toMatchObject({ learningRate: 0.01, learningRateOverride: 0.01 });
  });

  it("SIGTERM ends like Ctrl-C: the step finishes, a checkpoint is committed, exit code 143", async () => {
    const out = join(folder, "terminated");
    const args = ["train", "--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "48", "--batch", "12", "--epochs", "1", "--out", out];
    let stdout = "";
    let stderr = "";
    let sent = false;
    const code = await run(["node", "alexnet", ...args], {
      stdout: (text) => {
        stdout += text;
        if (!sent && /batch 1\/4/.test(stdout)) {
          sent = true;
          process.emit("SIGTERM");
        }
      },
      stderr: (text) => void (stderr += text),
      env: {},
    });
    expect(code).toBe(143);
    expect(stderr).toBe("\nSIGTERM: finishing the current step and saving a checkpoint (the signal again to quit at once)\n");
    expect(stdout).toMatch(/interrupted: saved .*checkpoint\.safetensors at epoch 1, batch 1\/4; continue with --resume/);
    expect(process.listenerCount("SIGTERM")).toBe(0);
    const resumed = await runCli([...args, "--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/epoch 1\/1: 4 batches \(resuming at batch 2\)/);
  });

  it("answers output-path mistakes with one line and exit 2 before any work", async () => {
    const file = join(folder, "a-file");
    writeFileSync(file, "x");
    const cases: [string[], RegExp][] = [
      [["train", ...quick, "--out", file], /^alexnet: --out .*a-file is a file, not a folder; choose another --out\n$/],
      [["train", ...quick, "--out", join(file, "run")], /^alexnet: --out .*a-file[/\\]run is under .*a-file, which is a file, not a folder/],
      [["train", ...quick, "--out", "/proc/x"], /^alexnet: --out \/proc\/x is under \/proc, a kernel file system; choose a folder on a disk\n$/],
      [["train", ...quick, "--out", "/sys/kernel/x"], /^alexnet: --out \/sys\/kernel\/x is under \/sys/],
      [["eval", "--checkpoint", folder, "--data", "synthetic"], /^alexnet: --checkpoint .* is a folder without a training run; give a .safetensors file or a folder that alexnet train wrote\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expectOneLine(result, message);
      expect(result.stdout, args.join(" ")).toBe("");
    }
    const broken = join(folder, "broken");
    expect((await runCli(["train", ...quick, "--out", broken])).code).toBe(0);
    rmSync(join(broken, "training.svg"));
    mkdirSync(join(broken, "training.svg"));
    expectOneLine(await runCli(["train", ...quick, "--out", broken, "--resume"]), /^alexnet: .*training\.svg is a folder, but the run writes a file there; move it away, or train into a new --out\n$/);
  });

  it("refuses a model too large for memory from the IR's counts before opening data or allocating", async () => {
    const huge = await runCli(["train", "--variant", "small", "--input", "100000", "--data", "synthetic", "--out", join(folder, "huge")]);
    expectOneLine(huge, /^alexnet: alexnet-small at \d×100000×100000 input, batch 64, would need about .* more than the .* limit; use a smaller --input or --batch, or raise ALEXNET_MAX_MEMORY\n$/);
    expect(huge.stdout).toBe("");
    const capped = await runCli(["train", ...quick, "--out", join(folder, "capped")], { ALEXNET_MAX_MEMORY: "1M" });
    expectOneLine(capped, /more than the 1\.00 MB limit/);
  });

  it("says plainly what a new user stumbles on: a one-class folder, an unknown --data, one batch, the header", async () => {
    const single = join(folder, "one-class");
    mkdirSync(join(single, "cats"), { recursive: true });
    const png = new PNG({ width: 20, height: 20 });
    png.data.fill(90);
    for (let index = 0; index < 3; index++) writeFileSync(join(single, "cats", `${index}.png`), PNG.sync.write(png));
    expectOneLine(await runCli(["train", "--variant", "small", "--input", "16", "--data", single, "--out", join(folder, "one-class-run")]), /has only 1 class \(cats\); a classifier learns nothing from one \(its loss is 0 from the start\): add a sub-folder per class\n$/);
    expectOneLine(await runCli(["train", "--variant", "small", "--data", "foo", "--out", join(folder, "foo-run")]), /^alexnet: data folder foo does not exist; --data takes mnist, fashion-mnist, synthetic, cifar10:PATH, or a folder with one sub-folder of images per class\n$/);
    const one = await runCli(["train", "--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "12", "--batch", "12", "--epochs", "1", "--out", join(folder, "one-batch")]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^epoch 1\/1: 1 batch$/m);
    const header = one.stdout.split("\n").slice(0, 4);
    expect(header[0]).toMatch(/^training small on synthetic into .*one-batch$/);
    expect(header.slice(1).map((line) => line.split(":")[0].trim())).toEqual(["training data", "validation data", "backend"]);
    expect(one.stdout).toMatch(/^augmentation: random crops, random horizontal flips, no colour noise$/m);
  });

  it("eval reads a run folder through its manifest", async () => {
    const out = join(folder, "for-eval");
    expect((await runCli(["train", ...quick, "--out", out])).code).toBe(0);
    const evaluated = await runCli(["eval", "--checkpoint", out, "--data", "synthetic", "--limit", "24"]);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/centre crop: \d+ images/);
  });

  it("reports a full disk or a permission error as one line naming the file, exit 2; other errors stay exit 1", () => {
    let stderr = "";
    const io = { stdout: () => {}, stderr: (text: string) => void (stderr += text), env: {} };
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write", path: "/data/runs/a/metrics.jsonl" });
    expect(reportError(full, io, false)).toBe(2);
    expect(stderr).toBe("alexnet: cannot write /data/runs/a/metrics.jsonl: no space left on the device; free some space (ENOSPC)\n");
    stderr = "";
    const denied = Object.assign(new Error("EACCES: permission denied, open"), { code: "EACCES", syscall: "open", path: "/root/x.json" });
    expect(reportError(denied, io, false)).toBe(2);
    expect(stderr).toBe("alexnet: cannot open /root/x.json: permission denied; choose a folder you can write to (EACCES)\n");
    stderr = "";
    expect(reportError(new TypeError("x is undefined"), io, false)).toBe(1);
  });
});
