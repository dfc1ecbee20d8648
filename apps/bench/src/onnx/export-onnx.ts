import { analyzeGraph, elementCount, lrnAlphaToOnnx, type Graph, type GraphNode } from "@alexnet-ts/ir";
import { ProtobufWriter } from "./protobuf-writer.js";

/** A value of a graph node's attribute in ONNX terms. */
type AttributeValue = { readonly kind: "int"; readonly value: number } | { readonly kind: "ints"; readonly value: readonly number[] } | { readonly kind: "float"; readonly value: number };

interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly output: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

// onnx.proto's numbers: TensorProto.DataType FLOAT, AttributeProto.AttributeType FLOAT/INT/INTS.
const floatType = 1;
const attributeTypes = { float: 1, int: 2, ints: 7 } as const;

const ints = (value: readonly number[]): AttributeValue => ({ kind: "ints", value });
const int = (value: number): AttributeValue => ({ kind: "int", value });
const float = (value: number): AttributeValue => ({ kind: "float", value });

/**
 * The graph as an ONNX model (IR version 8, opset 13) for inference, its parameters filled by
 * `parameterValues` (the benchmark passes random values: only their size matters). The batch
 * dimension is symbolic ("N"). Dropout is left out (inference); an op without an ONNX mapping
 * here is an error naming it.
 */
export function exportOnnx(graph: Graph, parameterValues: (name: string, count: number) => Float32Array): Uint8Array {
  const analyzed = analyzeGraph(graph);
  const rename = new Map<string, string>([[graph.input.name, graph.input.name]]);
  const nodes: OnnxNode[] = [];
  for (const { node } of analyzed.nodes) {
    const input = rename.get(node.inputs[0])!;
    if (node.op === "dropout") {
      rename.set(node.name, input);
      continue;
    }
    rename.set(node.name, node.name);
    const prefix = node.parameterPrefix ?? node.name;
    nodes.push({ ...convert(node, prefix), name: node.name, output: node.name, inputs: [input, ...convert(node, prefix).parameterInputs] });
  }
  const output = rename.get(graph.output)!;
  const model = new ProtobufWriter();
  model.integer(1, 8); // ir_version
  model.string(2, "alexnet-ts bench");
  model.message(8, (opset) => opset.string(1, "").integer(2, 13));
  model.message(7, (graphWriter) => {
    for (const node of nodes) {
      graphWriter.message(1, (writer) => {
        for (const name of node.inputs) writer.string(1, name);
        writer.string(2, node.output).string(3, node.name).string(4, node.opType);
        for (const [name, value] of Object.entries(node.attributes)) {
          writer.message(5, (attribute) => {
            attribute.string(1, name);
            if (value.kind === "float") attribute.float(2, value.value);
            else if (value.kind === "int") attribute.integer(3, value.value);
            else for (const item of value.value) attribute.integer(8, item);
            attribute.integer(20, attributeTypes[value.kind]);
          });
        }
      });
    }
    graphWriter.string(2, graph.name);
    for (const parameter of analyzed.parameters) {
      const values = parameterValues(parameter.fullName, elementCount(parameter.shape));
      graphWriter.message(5, (tensor) => {
        for (const dimension of parameter.shape) tensor.integer(1, dimension);
        tensor.integer(2, floatType).string(8, parameter.fullName);
        tensor.bytes(9, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      });
    }
    const valueInfo = (name: string, dimensions: readonly (number | string)[]) => (writer: ProtobufWriter) => {
      writer.string(1, name).message(2, (type) =>
        type.message(1, (tensorType) =>
          tensorType.integer(1, floatType).message(2, (shape) => {
            for (const dimension of dimensions) shape.message(1, (entry) => (typeof dimension === "string" ? entry.string(2, dimension) : entry.integer(1, dimension)));
          }),
        ),
      );
    };
    graphWriter.message(11, valueInfo(graph.input.name, ["N", ...graph.input.shape]));
    graphWriter.message(12, valueInfo(output, ["N", analyzed.outputShape[1]]));
  });
  return model.finish();
}

function convert(node: GraphNode, prefix: string): Omit<OnnxNode, "name" | "output" | "inputs"> & { parameterInputs: string[] } {
  const parameter = (name: string): string => `${prefix}.${name}`;
  switch (node.op) {
    case "conv2d": {
      const { kernel, stride, padding, dilation, groups, bias } = node.attributes;
      return {
        opType: "Conv",
        parameterInputs: bias ? [parameter("weight"), parameter("bias")] : [parameter("weight")],
        attributes: { kernel_shape: ints(kernel), strides: ints(stride), pads: ints(padding), dilations: ints(dilation), group: int(groups) },
      };
    }
    case "maxPool2d":
    case "avgPool2d": {
      const { kernel, stride, padding, dilation, ceilMode } = node.attributes;
      const shared = { kernel_shape: ints(kernel), strides: ints(stride), pads: ints(padding), ceil_mode: int(ceilMode ? 1 : 0) };
      if (node.op === "avgPool2d") return { opType: "AveragePool", parameterInputs: [], attributes: { ...shared, count_include_pad: int(node.attributes.countIncludePad ? 1 : 0) } };
      return { opType: "MaxPool", parameterInputs: [], attributes: { ...shared, dilations: ints(dilation) } };
    }
    case "localResponseNorm": {
      const { size, alpha, beta, k } = node.attributes;
      return { opType: "LRN", parameterInputs: [], attributes: { size: int(size), alpha: float(lrnAlphaToOnnx(alpha, size)), beta: float(beta), bias: float(k) } };
    }
    case "batchNorm2d":
      return {
        opType: "BatchNormalization",
        parameterInputs: [parameter("weight"), parameter("bias"), parameter("running_mean"), parameter("running_var")],
        attributes: { epsilon: float(node.attributes.epsilon), momentum: float(1 - node.attributes.momentum) },
      };
    case "relu":
      return { opType: "Relu", parameterInputs: [], attributes: {} };
    case "tanh":
      return { opType: "Tanh", parameterInputs: [], attributes: {} };
    case "flatten":
      return { opType: "Flatten", parameterInputs: [], attributes: { axis: int(1) } };
    case "linear":
      return {
        opType: "Gemm",
        parameterInputs: node.attributes.bias ? [parameter("weight"), parameter("bias")] : [parameter("weight")],
        attributes: { transB: int(1) },
      };
    case "softmax":
      return { opType: "Softmax", parameterInputs: [], attributes: { axis: int(-1) } };
    case "logSoftmax":
      return { opType: "LogSoftmax", parameterInputs: [], attributes: { axis: int(-1) } };
    default:
      throw new Error(`the ONNX export has no mapping for ${node.name} (${node.op})`);
  }
}
