import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../run.js";
import { runCli } from "../test-run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "alexnet-cli-train-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// The small variant at 16×16 on 24 synthetic images: two steps, a few seconds on the CPU backend.
const quick = ["--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "24", "--batch", "12", "--epochs", "1"];

describe("alexnet train and eval", () => {
  it("trains, writes its files and prints plain progress lines; eval reads the checkpoint back", async () => {
    const out = join(folder, "run");
    const trained = await runCli(["train", ...quick, "--out", out]);
    expect(trained.stderr).toBe("");
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/^training small on synthetic/);
    expect(trained.stdout).toMatch(/epoch 1 batch 2\/2 {2}loss \d+\.\d{4} {2}acc \d+\.\d\d% {2}[\d.]+ img\/s {2}elapsed \d+s {2}ETA/);
    expect(trained.stdout).toMatch(/test: \d+ images, loss \d+\.\d{4}, top-1 \d+\.\d\d%, top-5 \d+\.\d\d%/);
    for (const file of ["checkpoint.safetensors", "best.safetensors", "metrics.jsonl", "training.svg", "training.png"]) expect(existsSync(join(out, file))).toBe(true);
    const evaluated = await runCli(["eval", "--checkpoint", join(out, "checkpoint.safetensors"), "--data", "synthetic", "--limit", "24"]);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/centre crop: \d+ images, loss \d+\.\d{4}, top-1 \d+\.\d\d%, top-5 \d+\.\d\d%/);
    // eval on the checkpoint reproduces the test numbers train printed for the same model and images.
    const numbers = (text: string): string => /(\d+) images, loss (\S+), top-1 (\S+), top-5 (\S+%)/.exec(text)!.slice(1).join(" ");
    expect(numbers(evaluated.stdout)).toBe(numbers(/test: .*/.exec(trained.stdout)![0]));
    const tenCrop = await runCli(["eval", "--checkpoint", join(out, "checkpoint.safetensors"), "--data", "synthetic", "--limit", "24", "--ten-crop"]);
    expect(tenCrop.stdout).toMatch(/ten-crop: \d+ images/);
  });

  it("continues with --resume and refuses --resume without a checkpoint", async () => {
    const out = join(folder, "resumed");
    expect((await runCli(["train", ...quick, "--out", out])).code).toBe(0);
    const resumed = await runCli(["train", ...quick.slice(0, -1), "2", "--out", out, "--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resuming from .*checkpoint.safetensors: epoch 2, step 2/);
    const missing = await runCli(["train", ...quick, "--out", join(folder, "empty"), "--resume"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^alexnet: --resume: .*checkpoint.safetensors does not exist; run without --resume to start training\n$/);
  });

  it("Ctrl-C finishes the step, saves a checkpoint and exits 130; --resume then finishes the run", async () => {
    const out = join(folder, "interrupted");
    const args = ["train", "--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "48", "--batch", "12", "--epochs", "1", "--out", out];
    let stdout = "";
    let stderr = "";
    let sent = false;
    const code = await run(["node", "alexnet", ...args], {
      stdout: (text) => {
        stdout += text;
        // The signal arrives while the run is in its first step's reporting, as a real Ctrl-C would mid-run.
        if (!sent && /batch 1\/4/.test(stdout)) {
          sent = true;
          process.emit("SIGINT");
        }
      },
      stderr: (text) => {
        stderr += text;
      },
      env: {},
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupt: finishing the current step and saving a checkpoint/);
    expect(stdout).toMatch(/interrupted: saved .*checkpoint\.safetensors at epoch 1, batch 1\/4; continue with --resume/);
    expect(process.listenerCount("SIGINT")).toBe(0);
    const resumed = await runCli([...args, "--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resuming from .*: epoch 1, step 1/);
    expect(resumed.stdout).toMatch(/epoch 1\/1: 4 batches \(resuming at batch 2\)/);
  });

  it("trains on an image folder with PCA colour augmentation, skipping a corrupt image with --on-corrupt skip", async () => {
    const data = join(folder, "images");
    for (const [label, colour] of [["red", [220, 30, 30]], ["blue", [30, 30, 220]]] as const) {
      mkdirSync(join(data, label), { recursive: true });
      for (let index = 0; index < 4; index++) {
        const png = new PNG({ width: 20, height: 18 });
        for (let pixel = 0; pixel < 20 * 18; pixel++) png.data.set([colour[0] + index, colour[1], colour[2] - index, 255], pixel * 4);
        writeFileSync(join(data, label, `${index}.png`), PNG.sync.write(png));
      }
    }
    writeFileSync(join(data, "red", "broken.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const common = ["--variant", "small", "--input", "16", "--channels", "3", "--data", data, "--batch", "3", "--epochs", "1", "--val-split", "0.3"];
    const skipped = await runCli(["train", ...common, "--on-corrupt", "skip", "--out", join(folder, "folder-run")]);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/^augmentation: random crops, random horizontal flips, PCA colour noise \(its eigenvalues are stored in the checkpoint\)$/m);
    expect(skipped.stderr).toMatch(/^skipped corrupt image .*broken\.png: /m);
    const failed = await runCli(["train", ...common, "--out", join(folder, "folder-fail")]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^alexnet: corrupt image .*broken\.png: .*; remove it or pass --on-corrupt skip to leave it out\n$/);
  });

  it("answers bad input with one line and exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["train", "--variant", "small", "--data", join(folder, "nowhere")], /^alexnet: data folder .*nowhere does not exist/],
      [["train", "--variant", "small", "--data", `cifar10:${join(folder, "nowhere")}`], /^alexnet: CIFAR-10 folder .* does not exist/],
      [["train", "--variant", "small", "--data", "mnist", "--lr", "fast"], /^alexnet: --lr must be a positive number, but is "fast"/],
      [["train", "--variant", "small", "--data", "mnist", "--val-data", folder], /^alexnet: --val-data works with image folders only/],
      [["train", "--variant", "paper", "--data", "mnist"], /^alexnet: mnist images are 28×28, smaller than the paper variant's 227×227 input/],
      [["train", "--variant", "small", "--data", "mnist", "--schedule", "linear"], /^alexnet: --schedule must be one of plateau, step, cosine/],
      [["eval", "--checkpoint", join(folder, "nothing.safetensors"), "--data", "mnist"], /^alexnet: checkpoint .*nothing.safetensors does not exist/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n").length).toBe(1);
    }
    const corrupt = join(folder, "corrupt.safetensors");
    writeFileSync(corrupt, "not a checkpoint");
    const refused = await runCli(["eval", "--checkpoint", corrupt, "--data", "mnist"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^alexnet: .*corrupt.safetensors is not a safetensors file/);
  });

  it("stops a diverging run (--lr 1e6) with one line, exit code 2", async () => {
    const result = await runCli(["train", ...quick, "--lr", "1000000", "--out", join(folder, "diverged")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^alexnet: (the loss became (NaN|Infinity) at epoch 1, step \d|the validation loss became NaN after epoch 1) \(learning rate 1000000\): training diverged and stopped; .*try a lower --lr\n$/);
  });
});
