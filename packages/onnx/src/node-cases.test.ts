import { backendProviders } from "@alexnet-ts/backend-cpu";
import { createModel, type Backend } from "@alexnet-ts/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxError } from "./errors.js";
import { importOnnx, type ImportedModel } from "./import/import-model.js";
import { importedOnnxOps } from "./import/node-importers.js";
import { nodeCaseDirectory, nodeCaseModel, readNodeCases, type NodeCase } from "./test-node-cases.js";

const directory = nodeCaseDirectory();
const found = readNodeCases(directory, new Set<string>(importedOnnxOps));
const skipReason = "missing" in found ? found.missing : undefined;
if (skipReason !== undefined) console.warn(`ONNX node-test import checks skipped: ${skipReason}`);
const cases = "cases" in found ? found.cases : [];

/** Cases that must import (the IR has every op and attribute they use); the rest may be refused in one line. */
const mustImport = [
  "test_basic_conv_with_padding",
  "test_basic_conv_without_padding",
  "test_conv_with_strides_and_asymmetric_padding",
  "test_conv_with_autopad_same",
  "test_lrn",
  "test_lrn_default",
  "test_maxpool_2d_default",
  "test_maxpool_2d_pads",
  "test_maxpool_2d_same_upper",
  "test_averagepool_2d_default",
  "test_averagepool_2d_pads_count_include_pad",
  "test_globalaveragepool",
  "test_batchnorm_example",
  "test_batchnorm_epsilon",
  "test_gemm_default_vector_bias",
  "test_gemm_transposeB",
  "test_gemm_alpha",
  "test_matmul_2d",
  "test_relu",
  "test_tanh",
  "test_sigmoid",
  "test_sigmoid_example",
  "test_flatten_axis1",
  "test_dropout_default",
  "test_softmax_example",
  "test_logsoftmax_example_1",
];

type Outcome = { imported: ImportedModel } | { refused: string };

function tryImport(nodeCase: NodeCase): Outcome {
  try {
    return { imported: importOnnx(nodeCaseModel(nodeCase), nodeCase.name) };
  } catch (error) {
    if (error instanceof OnnxError) return { refused: error.message };
    throw error;
  }
}

describe.skipIf(skipReason !== undefined)(`ONNX node tests of the imported ops${skipReason === undefined ? ` (${directory})` : ` (skipped: ${skipReason})`}`, () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await backendProviders[0].create();
  });
  afterAll(async () => {
    await backend.close?.();
  });

  it("has the cases that must import", () => {
    expect(mustImport.filter((name) => !cases.some((nodeCase) => nodeCase.name === name))).toEqual([]);
  });

  for (const nodeCase of cases) {
    const outcome = tryImport(nodeCase);
    if ("refused" in outcome) {
      it(`${nodeCase.name}: refused in one line naming ${nodeCase.op} (${outcome.refused})`, () => {
        expect(mustImport).not.toContain(nodeCase.name);
        expect(outcome.refused).not.toContain("\n");
        expect(outcome.refused).toContain(nodeCase.op);
      });
      continue;
    }
    it(`${nodeCase.name}: imports and gives ONNX's expected output on the cpu backend`, async () => {
      const { graph, parameters } = outcome.imported;
      const input = nodeCase.inputs[0];
      const model = await createModel(backend, graph, { seed: 1 });
      try {
        model.importParameters(parameters);
        const actual = await model.predict(Float32Array.from(input.data as number[]), input.dims[0]);
        const expected = nodeCase.outputs[0];
        expect([input.dims[0], ...model.analyzed.outputShape.slice(1)]).toEqual(expected.dims);
        // rtol 1e-3 as ONNX's own backend test runner; atol 1e-5 rather than its 1e-7, since float32 sums in another order
        // leave near-zero outputs a few ulps of their largest terms away from the stored (numpy) values.
        const worst = Math.max(0, ...(expected.data as number[]).map((value, index) => Math.abs(actual[index] - value) - 1e-3 * Math.abs(value)));
        expect(worst).toBeLessThanOrEqual(1e-5);
      } finally {
        model.dispose();
      }
    });
  }
});
