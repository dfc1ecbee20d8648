import { elementCount } from "@alexnet-ts/ir";
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { attribute } from "./attributes.js";
import { OnnxError } from "./errors.js";
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
} from "./generated/onnx_pb.js";
import { importOnnx } from "./import/import-model.js";
import { floatTensorProto } from "./tensor.js";
import { loadOnnxRuntime, patternedInput, runCpuBackend, runOnnxRuntime } from "./test-runtime.js";

const { runtime, skipReason } = await loadOnnxRuntime();

const node = (opType: string, input: string[], output: string, attributes: AttributeProto[] = [], name = output): NodeProto =>
  create(NodeProtoSchema, { opType, input, output: [output], attribute: attributes, name });
const floats = (name: string, shape: number[], seed: number): TensorProto => floatTensorProto(name, { shape, values: patternedInput(elementCount(shape), seed, 0.5) });
const int64s = (name: string, values: number[]): TensorProto => create(TensorProtoSchema, { name, dims: [BigInt(values.length)], dataType: TensorProto_DataType.INT64, int64Data: values.map(BigInt) });

function model(nodes: NodeProto[], initializers: TensorProto[], inputs: { name: string; dims: (number | string)[] }[], output: string): Uint8Array {
  const valueInfo = (name: string, dims: (number | string)[]) =>
    create(ValueInfoProtoSchema, {
      name,
      type: create(TypeProtoSchema, {
        value: { case: "tensorType", value: { elemType: TensorProto_DataType.FLOAT, shape: { dim: dims.map((dimension) => ({ value: typeof dimension === "string" ? { case: "dimParam" as const, value: dimension } : { case: "dimValue" as const, value: BigInt(dimension) } })) } } },
      }),
    });
  const graph = create(GraphProtoSchema, { name: "foreign", node: nodes, initializer: initializers, input: inputs.map((input) => valueInfo(input.name, input.dims)), output: [create(ValueInfoProtoSchema, { name: output })] });
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: 8n, producerName: "test", graph, opsetImport: [create(OperatorSetIdProtoSchema, { domain: "", version: 13n })] }));
}

/** What torch.onnx writes for a small net: a Pad and a Conv, a flatten as Reshape(0, -1), nn.Linear as MatMul + Add, a Constant shape. */
const foreign = model(
  [
    node("Pad", ["x", "pads"], "padded"),
    node("Conv", ["padded", "features.0.weight", "features.0.bias"], "conv", [attribute.ints("kernel_shape", [3, 3])]),
    node("Relu", ["conv"], "relu"),
    node("MaxPool", ["relu"], "pool", [attribute.ints("kernel_shape", [2, 2]), attribute.ints("strides", [2, 2])]),
    create(NodeProtoSchema, { opType: "Constant", output: ["shape"], name: "shape", attribute: [create(AttributeProtoSchema, { name: "value", type: AttributeProto_AttributeType.TENSOR, t: int64s("", [0, -1]) })] }),
    node("Reshape", ["pool", "shape"], "flat"),
    node("MatMul", ["flat", "onnx::MatMul_7"], "product"),
    node("Add", ["product", "classifier.bias"], "logits"),
    node("LogSoftmax", ["logits"], "scores", [attribute.int("axis", 1)]),
  ],
  [int64s("pads", [0, 0, 1, 1, 0, 0, 1, 1]), floats("features.0.weight", [4, 3, 3, 3], 1), floats("features.0.bias", [4], 2), floats("onnx::MatMul_7", [64, 5], 3), floats("classifier.bias", [5], 4)],
  [{ name: "x", dims: ["N", 3, 8, 8] }],
  "scores",
);

describe("importing a model from another exporter", () => {
  it("folds Pad into Conv, Reshape(0, −1) into a flatten, MatMul + Add into one linear layer", () => {
    const { graph, parameters } = importOnnx(foreign);
    expect(graph.nodes.map((entry) => `${entry.name}:${entry.op}`)).toEqual(["conv:conv2d", "relu:relu", "pool:maxPool2d", "flat:flatten", "product:linear", "scores:logSoftmax"]);
    expect(graph.input).toEqual({ name: "x", shape: [3, 8, 8] });
    expect(graph.nodes[0].attributes).toMatchObject({ padding: [1, 1, 1, 1], outChannels: 4, kernel: [3, 3] });
    expect(graph.nodes[4].attributes).toEqual({ outFeatures: 5, inFeatures: 64, bias: true });
    // state_dict-style names keep their prefix; the MatMul's generated name gives way to the node's.
    expect([...parameters.keys()]).toEqual(["features.0.weight", "features.0.bias", "product.weight", "product.bias"]);
    expect(parameters.get("product.weight")!.shape).toEqual([5, 64]);
  });

  it.skipIf(runtime === undefined)(`computes what onnxruntime-node computes for it${skipReason === undefined ? "" : ` (skipped: ${skipReason})`}`, async () => {
    const { graph, parameters } = importOnnx(foreign);
    const input = patternedInput(2 * 3 * 8 * 8, 9, 2);
    const expected = await runOnnxRuntime(runtime!, foreign, input, [2, 3, 8, 8]);
    const actual = await runCpuBackend(graph, parameters, input, 2);
    // float32 both sides, at most 27 products per sum before the 64-term product: within a few ulps.
    expect(Math.max(...expected.map((value, index) => Math.abs(actual[index] - value)))).toBeLessThanOrEqual(1e-5);
  });

  it.each([
    ["an op the IR has no counterpart for", model([node("Transpose", ["x"], "t")], [], [{ name: "x", dims: [1, 3, 4, 4] }], "t"), /^Transpose node "t": Transpose is not imported \(the IR has no such op\); supported: Conv, /],
    ["a second real input", model([node("Conv", ["x", "w"], "y")], [], [{ name: "x", dims: [1, 1, 4, 4] }, { name: "w", dims: [1, 1, 3, 3] }], "y"), /^the model has 2 inputs \(x, w\), but an IR graph reads one image; make the others initializers$/],
    ["an unknown image size", model([node("Relu", ["x"], "y")], [], [{ name: "x", dims: ["N", 3, "H", "W"] }], "y"), /^input "x" has dimension 2 "H" unknown/],
    ["bytes that are not ONNX", Uint8Array.of(0xff, 0xff, 0xff), /^the model is not an ONNX model/],
  ])("refuses %s in one line", (_what, bytes, message) => {
    let caught: unknown;
    try {
      importOnnx(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OnnxError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain("\n");
  });
});
