import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "alexnet-onnx-model-file-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("predict and eval on an .onnx file", () => {
  it("give what they give on the checkpoint it was exported from (classes and input pipeline travel in the file)", async () => {
    const data = join(folder, "images");
    for (const [label, colour] of [["red", [220, 30, 30]], ["blue", [30, 30, 220]]] as const) {
      mkdirSync(join(data, label), { recursive: true });
      for (let index = 0; index < 3; index++) {
        const png = new PNG({ width: 18, height: 18 });
        for (let pixel = 0; pixel < 18 * 18; pixel++) png.data.set([colour[0] - index * 9, (pixel * 7) % 256, colour[2] + index * 9, 255], pixel * 4);
        writeFileSync(join(data, label, `${index}.png`), PNG.sync.write(png));
      }
    }
    const run = join(folder, "run");
    const trained = await runCli(["train", "--variant", "small", "--input", "16", "--channels", "3", "--data", data, "--batch", "3", "--epochs", "1", "--val-split", "0.3", "--out", run]);
    expect(trained.code).toBe(0);
    const checkpoint = join(run, "checkpoint.safetensors");
    const model = join(folder, "trained.onnx");
    expect(await runCli(["export", "--checkpoint", checkpoint, "-o", model])).toMatchObject({ code: 0, stderr: "" });

    const images = [join(data, "red", "1.png"), join(data, "blue", "2.png")];
    const fromCheckpoint = await runCli(["predict", "--checkpoint", checkpoint, ...images]);
    const fromOnnx = await runCli(["predict", "--checkpoint", model, ...images]);
    expect(fromOnnx).toMatchObject({ code: 0, stderr: "" });
    expect(fromOnnx.stdout).toBe(fromCheckpoint.stdout);
    expect(fromOnnx.stdout).toMatch(/\b(red|blue)\b/);

    const evalCheckpoint = await runCli(["eval", "--checkpoint", checkpoint, "--data", data, "--json"]);
    const evalOnnx = await runCli(["eval", "--checkpoint", model, "--data", data, "--json"]);
    expect(evalOnnx.code).toBe(0);
    // Everything but the wall time and the file's name must agree.
    const metrics = (text: string, path: string) => JSON.stringify({ ...(JSON.parse(text) as object), seconds: 0 }).replaceAll(path, "M");
    expect(evalOnnx.code).toBe(evalCheckpoint.code);
    expect(metrics(evalOnnx.stdout, model)).toBe(metrics(evalCheckpoint.stdout, checkpoint));
  });
});
