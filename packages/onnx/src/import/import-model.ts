import { fromBinary } from "@bufbuild/protobuf";
import { analyzeGraph, GraphError, graphFormatVersion, type Graph, type GraphNode, type Shape } from "@alexnet-ts/ir";
import { annotationsKey, readAnnotations, type GraphAnnotations } from "../annotations.js";
import { OnnxError } from "../errors.js";
import { exportNodeProto } from "../export/export-model.js";
import { AttributeProto_AttributeType, ModelProtoSchema, type AttributeProto, type ModelProto, type NodeProto, type ValueInfoProto } from "../generated/onnx_pb.js";
import type { WeightTensor } from "../tensor.js";
import { ImportContext } from "./import-context.js";
import { importedOnnxOps, isImportedOnnxOp, nodeImporters } from "./node-importers.js";

/** An ONNX model read as the IR has it. */
export interface ImportedModel {
  readonly graph: Graph;
  /** Every parameter of the graph by its full IR name ("conv1.weight", "features.0.weight"). */
  readonly parameters: Map<string, WeightTensor>;
  /** The model's metadata_props, by key. */
  readonly metadata: Record<string, string>;
}

/** Decodes the bytes of a .onnx file (a one-line OnnxError when they are not an ONNX model) and imports it. */
export function importOnnx(bytes: Uint8Array, source = "the model"): ImportedModel {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    throw new OnnxError(`${source} is not an ONNX model (protobuf decoding failed: ${(error as Error).message.split("\n")[0]})`);
  }
  if (model.graph === undefined || model.graph.node.length === 0) throw new OnnxError(`${source} is not an ONNX model: it has no graph nodes`);
  return importOnnxModel(model);
}

/**
 * Turns an ONNX model built from the IR's ops into an IR graph plus named weights. Weights must be
 * initializers or Constant nodes; the one image input's dimensions after the batch must be fixed
 * numbers. An op or attribute the IR cannot express is an OnnxError naming the node.
 */
export function importOnnxModel(model: ModelProto): ImportedModel {
  const onnxGraph = model.graph!;
  const opset = Number(model.opsetImport.find((entry) => entry.domain === "" || entry.domain === "ai.onnx")?.version ?? 13n);
  const annotations = readAnnotations(model.metadataProps.find((entry) => entry.key === annotationsKey)?.value);
  const consumers = new Map<string, number>();
  for (const node of onnxGraph.node) for (const name of node.input) consumers.set(name, (consumers.get(name) ?? 0) + 1);
  for (const output of onnxGraph.output) consumers.set(output.name, (consumers.get(output.name) ?? 0) + 1);

  const context = new ImportContext(opset, consumers, (node, onnxNode, inputShape) => preferAnnotated(node, onnxNode, inputShape, annotations));
  for (const initializer of onnxGraph.initializer) context.defineConstant(initializer.name, initializer);
  const initializerNames = new Set(onnxGraph.initializer.map((initializer) => initializer.name));
  const dataInputs = onnxGraph.input.filter((input) => !initializerNames.has(input.name));
  if (dataInputs.length !== 1) {
    throw new OnnxError(`the model has ${dataInputs.length} inputs (${dataInputs.map((input) => input.name).join(", ")}), but an IR graph reads one image; make the others initializers`);
  }
  const [batch, ...inputShape] = inputDimensions(dataInputs[0]);
  context.defineInput(dataInputs[0].name, [batch, ...inputShape]);

  for (const node of onnxGraph.node) {
    if (node.domain !== "" && node.domain !== "ai.onnx") throw new OnnxError(`${context.label(node)} is from the operator domain "${node.domain}", which is not imported`);
    if (!isImportedOnnxOp(node.opType)) {
      throw new OnnxError(`${context.label(node)}: ${node.opType} is not imported (the IR has no such op); supported: ${importedOnnxOps.join(", ")}`);
    }
    nodeImporters[node.opType](context, node);
  }
  if (onnxGraph.output.length !== 1) throw new OnnxError(`the model has ${onnxGraph.output.length} outputs, but an IR graph has one`);
  const outputNode = { opType: "output", name: onnxGraph.output[0].name, input: [onnxGraph.output[0].name] } as NodeProto;
  const output = context.producer(outputNode);
  if (output === dataInputs[0].name) throw new OnnxError("the model's output is its input: there is no layer to import");

  const graph: Graph = {
    formatVersion: graphFormatVersion,
    name: annotations?.name ?? (onnxGraph.name || "imported"),
    input: { name: dataInputs[0].name, shape: inputShape },
    nodes: context.nodes,
    output,
    ...(annotations?.classNames === undefined ? {} : { classNames: annotations.classNames }),
    ...(annotations?.inputHint === undefined ? {} : { inputHint: annotations.inputHint }),
  };
  try {
    checkParameters(graph, context.parameters);
  } catch (error) {
    if (error instanceof GraphError) throw new OnnxError(`the imported graph does not hold together: ${error.message}`);
    throw error;
  }
  return { graph, parameters: context.parameters, metadata: Object.fromEntries(model.metadataProps.map((entry) => [entry.key, entry.value])) };
}

/** [batch, ...fixed dimensions] of the image input; a symbolic batch counts as 1 while shapes are worked out. */
function inputDimensions(input: ValueInfoProto): number[] {
  const type = input.type?.value;
  if (type?.case !== "tensorType" || type.value.shape === undefined) throw new OnnxError(`input "${input.name}" has no tensor shape; the import needs its dimensions`);
  const dimensions = type.value.shape.dim.map((dimension, index) => {
    if (dimension.value.case === "dimValue") return Number(dimension.value.value);
    if (index === 0) return 1;
    throw new OnnxError(`input "${input.name}" has dimension ${index} "${dimension.value.value ?? "?"}" unknown; the IR needs every dimension after the batch fixed`);
  });
  if (dimensions.length < 1) throw new OnnxError(`input "${input.name}" is a scalar; the IR needs a batch dimension`);
  return dimensions;
}

/** Every parameter the graph declares has a tensor of its shape, and no tensor is left over. */
function checkParameters(graph: Graph, parameters: ReadonlyMap<string, WeightTensor>): void {
  const analyzed = analyzeGraph(graph);
  for (const parameter of analyzed.parameters) {
    const tensor = parameters.get(parameter.fullName);
    if (tensor === undefined || tensor.shape.join() !== parameter.shape.join()) {
      throw new OnnxError(`${parameter.fullName} should have shape [${parameter.shape.join(", ")}] but ${tensor === undefined ? "is missing" : `has [${tensor.shape.join(", ")}]`}`);
    }
  }
}

/**
 * The annotated IR node when exporting it again gives exactly the ONNX node in the file (op type,
 * inputs, attributes at float32) and its numbers agree with what the file says; else the node read
 * from ONNX. This is how the adaptive pool, float64 attributes and comments survive a round trip.
 */
function preferAnnotated(derived: GraphNode, onnxNode: NodeProto, inputShape: Shape, annotations: GraphAnnotations | undefined): GraphNode {
  const annotated = annotations?.nodes[derived.name];
  if (annotated === undefined) return derived;
  const candidate = { ...annotated, inputs: derived.inputs } as GraphNode;
  let again: NodeProto;
  try {
    again = exportNodeProto({ ...candidate, inputs: [onnxNode.input[0]] } as GraphNode, inputShape, () => undefined);
  } catch {
    return derived;
  }
  const same =
    again.opType === onnxNode.opType &&
    again.input.join("\n") === onnxNode.input.join("\n") &&
    canonicalAttributes(again.attribute) === canonicalAttributes(onnxNode.attribute) &&
    numbersAgree(derived.attributes, candidate.attributes);
  return same ? candidate : derived;
}

function canonicalAttributes(attributes: readonly AttributeProto[]): string {
  const entries = attributes.map((entry) => {
    const value =
      entry.type === AttributeProto_AttributeType.FLOAT ? Math.fround(entry.f)
      : entry.type === AttributeProto_AttributeType.INT ? String(entry.i)
      : entry.type === AttributeProto_AttributeType.INTS ? entry.ints.map(String)
      : entry.type === AttributeProto_AttributeType.FLOATS ? entry.floats.map(Math.fround)
      : new TextDecoder().decode(entry.s);
    return [entry.name, value] as const;
  });
  return JSON.stringify(entries.sort(([first], [second]) => (first < second ? -1 : 1)));
}

/** Numeric attributes both nodes have agree to float32 precision (ONNX stores attributes and the dropout ratio as float32). */
function numbersAgree(derived: object, annotated: object): boolean {
  for (const [key, value] of Object.entries(derived)) {
    const other = (annotated as Record<string, unknown>)[key];
    if (typeof value === "number" && typeof other === "number" && Math.abs(value - other) > 1e-6 * Math.max(Math.abs(value), Math.abs(other))) return false;
  }
  return true;
}
