import { variantNames } from "@alexnet-ts/alexnet";
import { analyzeGraph, elementCount, graphFormatVersion, type Graph } from "@alexnet-ts/ir";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterAll, describe, expect, it } from "vitest";
import { annotationsKey } from "./annotations.js";
import { exportOnnx } from "./export/export-model.js";
import { ModelProtoSchema } from "./generated/onnx_pb.js";
import { importOnnx } from "./import/import-model.js";
import { dropExportedVariant, exportedVariant } from "./test-models.js";
import { loadOnnxRuntime, patternedInput, runCpuBackend, runOnnxRuntime } from "./test-runtime.js";

const { runtime, skipReason } = await loadOnnxRuntime();
if (skipReason !== undefined) console.warn(`onnxruntime checks skipped: ${skipReason}`);
const onnxRuntimeTitle = `onnxruntime-node runs the export as the cpu backend runs the graph${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`;

// float32 on both sides, summed in different orders (im2col + blocked gemm here, MLAS there) over up to
// 9216 products per output: differences of a few float32 ulps. Measured at most 7.2e-8 (small; paper,
// seed-keras and seed-torch 6.1e-8, torchvision 2.8e-8; each run prints its own); the bound 1e-5 leaves
// room for other machines' SIMD widths and thread counts.
const tolerance = 1e-5;

/** Largest |a − b| / (1 + |b|): absolute near zero, relative for large values. */
function worstDifference(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  for (let index = 0; index < expected.length; index++) worst = Math.max(worst, Math.abs(actual[index] - expected[index]) / (1 + Math.abs(expected[index])));
  return worst;
}

// One describe per variant: each large model is exported once, checked three ways, then let go.
for (const variant of variantNames) {
  describe(`${variant}: export then import`, () => {
    afterAll(() => dropExportedVariant(variant));

    it("gives back the identical graph and weights", () => {
      const { graph, parameters, bytes } = exportedVariant(variant);
      const imported = importOnnx(bytes);
      expect(imported.graph).toEqual(graph);
      expect([...imported.parameters.keys()]).toEqual([...parameters.keys()]);
      for (const [name, tensor] of parameters) {
        const back = imported.parameters.get(name)!;
        expect(back.shape).toEqual(tensor.shape);
        expect(Buffer.from(back.values.buffer, back.values.byteOffset, back.values.byteLength).equals(Buffer.from(tensor.values.buffer))).toBe(true);
      }
    });

    it("reads the same layers from the ONNX nodes alone, without this project's annotations", () => {
      const { graph, parameters, bytes } = exportedVariant(variant);
      const model = fromBinary(ModelProtoSchema, bytes);
      const stripped = create(ModelProtoSchema, { ...model, metadataProps: model.metadataProps.filter((entry) => entry.key !== annotationsKey) });
      const imported = importOnnx(toBinary(ModelProtoSchema, stripped));
      expect(imported.graph.nodes.map((node) => node.name)).toEqual(graph.nodes.map((node) => node.name));
      // An adaptive pool comes back as the fixed window ONNX wrote (a 1×1 output as GlobalAveragePool); every other op as it was.
      const expectedOps = graph.nodes.map((node) =>
        node.op !== "adaptiveAvgPool2d" ? node.op : node.attributes.outputSize.join() === "1,1" ? "adaptiveAvgPool2d" : "avgPool2d",
      );
      expect(imported.graph.nodes.map((node) => node.op)).toEqual(expectedOps);
      expect(analyzeGraph(imported.graph).outputShape).toEqual(analyzeGraph(graph).outputShape);
      expect([...imported.parameters.keys()]).toEqual([...parameters.keys()]);
    });

    it.skipIf(runtime === undefined)(onnxRuntimeTitle, async () => {
      const { graph, parameters, bytes } = exportedVariant(variant);
      const batch = 2;
      const images = patternedInput(batch * elementCount(graph.input.shape), 7);
      const expected = await runCpuBackend(graph, parameters, images, batch);
      const actual = await runOnnxRuntime(runtime!, bytes, images, [batch, ...graph.input.shape]);
      expect(actual).toHaveLength(expected.length);
      // Softmax outputs are compared as log-probabilities, so small probabilities count as much as large ones.
      const endsInSoftmax = graph.nodes.find((node) => node.name === graph.output)!.op === "softmax";
      const view = (values: Float32Array) => (endsInSoftmax ? values.map(Math.log) : values);
      const [expectedView, actualView] = [view(expected), view(actual)];
      // The outputs must vary far more than the tolerance, or the comparison would prove nothing.
      expect(Math.max(...expectedView) - Math.min(...expectedView)).toBeGreaterThan(50 * tolerance);
      const worst = worstDifference(actualView, expectedView);
      console.info(`${variant} on onnxruntime-node: worst |a − b| / (1 + |b|) = ${worst.toExponential(2)} (bound ${tolerance})`);
      expect(worst).toBeLessThanOrEqual(tolerance);
    });
  });
}

describe.skipIf(runtime === undefined)(`LRN on onnxruntime-node${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`, () => {
  it("converts alpha: ONNX divides it by size, the IR applies it to the plain sum", async () => {
    // Large activations make α·Σa² comparable to k, so the wrong convention (α off by a factor of 5) would show.
    const graph: Graph = {
      formatVersion: graphFormatVersion,
      name: "lrn-check",
      input: { name: "input", shape: [8, 5, 5] },
      nodes: [{ name: "lrn", op: "localResponseNorm", inputs: ["input"], attributes: { size: 5, alpha: 1e-4, beta: 0.75, k: 2 } }],
      output: "lrn",
    };
    const images = patternedInput(elementCount([1, 8, 5, 5]), 3, 100);
    const expected = await runCpuBackend(graph, new Map(), images, 1);
    const actual = await runOnnxRuntime(runtime!, exportOnnx(graph, new Map()), images, [1, 8, 5, 5]);
    // The normalization must move the output well away from a / k^β for the check to have teeth.
    const unnormalized = images.map((value) => value / 2 ** 0.75);
    expect(worstDifference(unnormalized, expected)).toBeGreaterThan(0.05);
    expect(worstDifference(actual, expected)).toBeLessThanOrEqual(1e-5);
  });
});
