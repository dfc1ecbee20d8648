import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "alexnet-cli-predict-bounds-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function expectOneLine(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split("\n").length).toBe(1);
}

describe("predict checks the model before it allocates", () => {
  it("refuses a model too large for memory in one line (small at --input 100000, torchvision at --input 10000)", async () => {
    expectOneLine(await runCli(["predict", "--variant", "small", "--input", "100000"]), /^alexnet: alexnet-small at \d×100000×100000 input, batch 1, would need about .*; use a smaller --input, or raise ALEXNET_MAX_MEMORY\n$/);
    expectOneLine(await runCli(["predict", "--variant", "torchvision", "--input", "10000"], { ALEXNET_MAX_MEMORY: "8G" }), /^alexnet: alexnet-torchvision at 3×10000×10000 input, batch 1, would need about [\d.]+ GB .* more than the 8\.00 GB limit/);
  });

  it("with --checkpoint, checks model flags against the checkpoint: a mismatch is one line naming the flag", async () => {
    const out = join(folder, "run");
    expect((await runCli(["train", "--variant", "small", "--input", "16", "--data", "synthetic", "--limit", "24", "--batch", "12", "--epochs", "1", "--out", out])).code).toBe(0);
    const image = join(folder, "image.png");
    const png = new PNG({ width: 20, height: 20 });
    png.data.fill(128);
    writeFileSync(image, PNG.sync.write(png));
    const checkpoint = join(out, "checkpoint.safetensors");
    expectOneLine(await runCli(["predict", "--checkpoint", checkpoint, image, "--input", "32"]), /^alexnet: --input 32 does not match .*checkpoint\.safetensors, whose model has --input 16; leave --input out \(the checkpoint fixes the model\) or use another checkpoint\n$/);
    expectOneLine(await runCli(["predict", "--checkpoint", checkpoint, image, "--activation", "tanh"]), /^alexnet: --activation tanh does not match .*, whose model has --activation relu/);
    expectOneLine(await runCli(["predict", "--checkpoint", checkpoint, image, "--classes", "3"]), /^alexnet: --classes 3 does not match .*, whose model has --classes 10/);
    const agreeing = await runCli(["predict", "--checkpoint", checkpoint, image, "--input", "16", "--classes", "10"]);
    expect(agreeing.stderr).toBe("");
    expect(agreeing.code).toBe(0);
    expect(agreeing.stdout).toMatch(/class-\d/);
  });
});
