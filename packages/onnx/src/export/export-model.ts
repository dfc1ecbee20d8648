import { create, toBinary } from "@bufbuild/protobuf";
import { analyzeGraph, formatShape, type Graph } from "@alexnet-ts/ir";
import { annotate, annotationsKey } from "../annotations.js";
import { OnnxError } from "../errors.js";
import {
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorProto_DataType,
  TensorShapeProto_DimensionSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from "../generated/onnx_pb.js";
import { floatTensorProto, type WeightTensor } from "../tensor.js";
import { exportNode } from "./node-exporters.js";

/** The ONNX opset the export writes: every op used here has had its current form since 13. */
export const exportOpset = 13;
/** ONNX IR version 8 (2021), read by every onnxruntime since 1.10 and by PyTorch's onnx tools. */
export const exportIrVersion = 8;

/**
 * The graph as an ONNX model for inference: one node per IR node (named as in the IR, its output
 * value too), the parameters as float32 initializers under their full IR names (torchvision's
 * variant: PyTorch's state_dict names), a symbolic batch dimension "N". Every parameter must be in
 * `parameters` with its shape. An IR node ONNX cannot express is an OnnxError naming it.
 */
export function exportOnnxModel(graph: Graph, parameters: ReadonlyMap<string, WeightTensor>, options: ExportOptions = {}): ModelProto {
  const analyzed = analyzeGraph(graph);
  const initializers: TensorProto[] = [];
  for (const parameter of analyzed.parameters) {
    const tensor = parameters.get(parameter.fullName);
    if (tensor === undefined) throw new OnnxError(`the weights have no tensor named ${parameter.fullName}, which ${graph.name} needs`);
    if (tensor.shape.join() !== parameter.shape.join()) {
      throw new OnnxError(`${parameter.fullName} has shape ${formatShape(tensor.shape)} in the weights, but ${graph.name} needs ${formatShape(parameter.shape)}`);
    }
    initializers.push(floatTensorProto(parameter.fullName, tensor));
  }
  const nodes = analyzed.nodes.map(({ node, inputShapes }) =>
    exportNodeProto(node, inputShapes[0], (name, value) => initializers.push(floatTensorProto(name, { shape: [], values: Float32Array.of(value) }))),
  );
  const onnxGraph = create(GraphProtoSchema, {
    name: graph.name,
    node: nodes,
    initializer: initializers,
    input: [valueInfo(graph.input.name, ["N", ...graph.input.shape])],
    output: [valueInfo(graph.output, ["N", ...analyzed.outputShape.slice(1)])],
  });
  return create(ModelProtoSchema, {
    irVersion: BigInt(exportIrVersion),
    producerName: "alexnet-ts",
    producerVersion: "0.1.0",
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: "", version: BigInt(exportOpset) })],
    graph: onnxGraph,
    metadataProps: [annotationsKey, ...Object.keys(options.metadata ?? {})].map((key) =>
      create(StringStringEntryProtoSchema, { key, value: key === annotationsKey ? JSON.stringify(annotate(graph)) : options.metadata![key] }),
    ),
  });
}

/** What else an export may carry. */
export interface ExportOptions {
  /** Extra metadata_props entries (the CLI keeps a checkpoint's input pipeline there). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** `exportOnnxModel` encoded as the bytes of a .onnx file. */
export function exportOnnx(graph: Graph, parameters: ReadonlyMap<string, WeightTensor>, options: ExportOptions = {}): Uint8Array {
  return toBinary(ModelProtoSchema, exportOnnxModel(graph, parameters, options));
}

/**
 * One IR node as an ONNX NodeProto reading its first input under the IR's value names.
 * `addScalar` receives the constants the node needs (dropout's ratio).
 */
export function exportNodeProto(node: Graph["nodes"][number], inputShape: readonly number[], addScalar: (name: string, value: number) => void): NodeProto {
  const prefix = node.parameterPrefix ?? node.name;
  const exported = exportNode(node, {
    inputShape,
    parameter: (localName) => `${prefix}.${localName}`,
    scalar(name, value) {
      addScalar(name, value);
      return name;
    },
  });
  return create(NodeProtoSchema, {
    name: node.name,
    opType: exported.opType,
    input: [node.inputs[0], ...exported.extraInputs],
    output: [node.name],
    attribute: [...exported.attributes],
    docString: node.comment ?? "",
  });
}

function valueInfo(name: string, dimensions: readonly (number | string)[]): ValueInfoProto {
  const dim = dimensions.map((dimension) =>
    create(TensorShapeProto_DimensionSchema, { value: typeof dimension === "string" ? { case: "dimParam", value: dimension } : { case: "dimValue", value: BigInt(dimension) } }),
  );
  const type = create(TypeProtoSchema, { value: { case: "tensorType", value: { elemType: TensorProto_DataType.FLOAT, shape: { dim } } } });
  return create(ValueInfoProtoSchema, { name, type });
}
