import { buildVariant, decodeSafetensors, encodeSafetensors } from "@alexnet-ts/alexnet";
import { analyzeGraph, graphFormatVersion, type Graph } from "@alexnet-ts/ir";
import { fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { exportOnnx } from "./export/export-model.js";
import { ModelProtoSchema, TensorProto_DataType } from "./generated/onnx_pb.js";
import { exportedVariant } from "./test-models.js";
import { runCpuBackend } from "./test-runtime.js";

// The format facts docs/scaling-out.md relies on when weights go to PyTorch and come back.

/** torchvision.models.alexnet()'s state_dict: names and shapes as torchvision's AlexNet class defines them. */
const torchvisionStateDict: [string, number[]][] = [
  ["features.0.weight", [64, 3, 11, 11]],
  ["features.0.bias", [64]],
  ["features.3.weight", [192, 64, 5, 5]],
  ["features.3.bias", [192]],
  ["features.6.weight", [384, 192, 3, 3]],
  ["features.6.bias", [384]],
  ["features.8.weight", [256, 384, 3, 3]],
  ["features.8.bias", [256]],
  ["features.10.weight", [256, 256, 3, 3]],
  ["features.10.bias", [256]],
  ["classifier.1.weight", [4096, 9216]],
  ["classifier.1.bias", [4096]],
  ["classifier.4.weight", [4096, 4096]],
  ["classifier.4.bias", [4096]],
  ["classifier.6.weight", [1000, 4096]],
  ["classifier.6.bias", [1000]],
];

describe("interchange with PyTorch", () => {
  it("names and shapes the torchvision variant's parameters as torchvision's state_dict does", () => {
    const parameters = analyzeGraph(buildVariant("torchvision")).parameters;
    expect(parameters.map((parameter) => [parameter.fullName, [...parameter.shape]])).toEqual(torchvisionStateDict);
  });

  it("writes the ONNX initializers under those names, as float32 little-endian raw data", () => {
    const { bytes, parameters } = exportedVariant("small");
    const model = fromBinary(ModelProtoSchema, bytes);
    const initializers = model.graph!.initializer.filter((tensor) => parameters.has(tensor.name));
    expect(initializers.map((tensor) => tensor.name)).toEqual([...parameters.keys()]);
    for (const tensor of initializers) {
      const expected = parameters.get(tensor.name)!;
      expect(tensor.dataType).toBe(TensorProto_DataType.FLOAT);
      expect(tensor.dims.map(Number)).toEqual([...expected.shape]);
      const view = new DataView(tensor.rawData.buffer, tensor.rawData.byteOffset, tensor.rawData.byteLength);
      expect(view.getFloat32(4 * (expected.values.length - 1), true)).toBe(expected.values[expected.values.length - 1]);
    }
  });

  it("writes safetensors as F32, little-endian, shapes unchanged, names unchanged, and reads them back bit for bit", () => {
    const { parameters } = exportedVariant("small");
    const file = Buffer.concat(encodeSafetensors(parameters, {}));
    const headerLength = Number(file.readBigUInt64LE(0));
    const header = JSON.parse(file.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const [firstName, first] = [...parameters][0];
    expect(header[firstName].dtype).toBe("F32");
    expect(header[firstName].shape).toEqual([...first.shape]);
    expect(file.readFloatLE(8 + headerLength + header[firstName].data_offsets[0])).toBe(first.values[0]);
    const back = decodeSafetensors(file, "test").tensors;
    for (const [name, tensor] of parameters) expect(Buffer.from(back.get(name)!.values.buffer).equals(Buffer.from(tensor.values.buffer))).toBe(true);
  });

  it("lays convolution filters out as OIHW: weight[o][i][h][w] links input channel i to output channel o", async () => {
    // One nonzero filter tap, weight[1][0][2][0] = 1 in a [2, 2, 3, 3] filter bank without padding: output channel 1
    // at (y, x) is input channel 0 at (y + 2, x + 0); output channel 0 is zero.
    const graph: Graph = {
      formatVersion: graphFormatVersion,
      name: "oihw",
      input: { name: "input", shape: [2, 4, 4] },
      nodes: [{ name: "conv", op: "conv2d", inputs: ["input"], attributes: { outChannels: 2, kernel: [3, 3], stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1, bias: false } }],
      output: "conv",
    };
    const weight = new Float32Array(2 * 2 * 3 * 3);
    weight[((1 * 2 + 0) * 3 + 2) * 3 + 0] = 1;
    const input = Float32Array.from({ length: 2 * 16 }, (_, index) => index + 1);
    const output = await runCpuBackend(graph, new Map([["conv.weight", { shape: [2, 2, 3, 3], values: weight }]]), input, 1);
    const at = (channel: number, y: number, x: number) => input[channel * 16 + y * 4 + x];
    expect([...output]).toEqual([0, 0, 0, 0, at(0, 2, 0), at(0, 2, 1), at(0, 3, 0), at(0, 3, 1)]);
  });

  it("lays fully connected weights out as [out, in] and flattens C, H, W in that order, as torch.flatten does", async () => {
    const graph: Graph = {
      formatVersion: graphFormatVersion,
      name: "out-in",
      input: { name: "input", shape: [2, 1, 2] },
      nodes: [
        { name: "flatten", op: "flatten", inputs: ["input"], attributes: {} },
        { name: "fc", op: "linear", inputs: ["flatten"], attributes: { outFeatures: 2, bias: false } },
      ],
      output: "fc",
    };
    // weight[1][2] = 1 picks flattened feature 2 (channel 1, row 0, column 0) into output 1.
    const weight = Float32Array.of(0, 0, 0, 0, 0, 0, 1, 0);
    const output = await runCpuBackend(graph, new Map([["fc.weight", { shape: [2, 4], values: weight }]]), Float32Array.of(10, 20, 30, 40), 1);
    expect([...output]).toEqual([0, 30]);
    // The same file read by ONNX keeps the layout: Gemm with transB=1 on the [out, in] initializer.
    const node = fromBinary(ModelProtoSchema, exportOnnx(graph, new Map([["fc.weight", { shape: [2, 4], values: weight }]]))).graph!.node[1];
    expect(node.opType).toBe("Gemm");
    expect(node.attribute.find((entry) => entry.name === "transB")?.i).toBe(1n);
  });
});
