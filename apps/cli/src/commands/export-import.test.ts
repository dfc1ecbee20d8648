import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildVariant, loadCheckpoint } from "@alexnet-ts/alexnet";
import { backendProviders } from "@alexnet-ts/backend-cpu";
import { createModel } from "@alexnet-ts/engine";
import { graphFromJson } from "@alexnet-ts/ir";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "alexnet-onnx-cli-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("alexnet export and alexnet import", () => {
  it("export --variant small writes the seeded model; import gives back its graph and the engine's weights for that seed", async () => {
    const model = join(folder, "small.onnx");
    const exported = await runCli(["export", "--format", "onnx", "--variant", "small", "--seed", "3", "-o", model]);
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect(exported.stdout).toMatch(/^wrote .*small\.onnx: alexnet-small \(random weights from seed 3\), [\d,]+ parameters, ONNX opset 13/);

    const weights = join(folder, "small.safetensors");
    const imported = await runCli(["import", model, "-o", weights]);
    expect(imported).toMatchObject({ code: 0, stderr: "" });
    expect(graphFromJson(readFileSync(join(folder, "small.graph.json"), "utf8"))).toEqual(buildVariant("small"));

    const backend = await backendProviders[0].create();
    try {
      const engineModel = await createModel(backend, buildVariant("small"), { seed: 3 });
      const expected = await engineModel.exportParameters();
      engineModel.dispose();
      const { parameters } = loadCheckpoint(weights);
      expect([...parameters.keys()]).toEqual([...expected.keys()]);
      for (const [name, tensor] of expected) expect(parameters.get(name)!.values).toEqual(tensor.values);
    } finally {
      await backend.close?.();
    }

    // The imported (converted) weights export again to the very same file.
    const again = join(folder, "again.onnx");
    expect(await runCli(["export", "--variant", "small", "--checkpoint", weights, "-o", again])).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(again).equals(readFileSync(model))).toBe(true);
  });

  it.each([
    [["export", "--variant", "small"], /required option '-o, --output <file>' not specified/],
    [["export", "--variant", "small", "-o", "/no/such/folder/model.onnx"], /^alexnet: --output \/no\/such\/folder\/model\.onnx: the folder \/no\/such\/folder does not exist; create it first\n$/],
    [["export", "--format", "tflite", "-o", "x.onnx"], /--format/],
    [["export", "--checkpoint", "/no/such/weights.safetensors", "-o", join(tmpdir(), "x.onnx")], /^alexnet: checkpoint \/no\/such\/weights\.safetensors does not exist\n$/],
    [["import", "/no/such/model.onnx", "-o", join(tmpdir(), "x.safetensors")], /^alexnet: \/no\/such\/model\.onnx does not exist or is not a file; give the path of a \.onnx model\n$/],
  ])("refuses bad input in one line with exit code 2: %j", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a file that is not ONNX in one line with exit code 2", async () => {
    const notOnnx = join(folder, "not.onnx");
    writeFileSync(notOnnx, "this is text, not a protobuf message\n");
    const result = await runCli(["import", notOnnx, "-o", join(folder, "not.safetensors")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^alexnet: .*not\.onnx is not an ONNX model/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
