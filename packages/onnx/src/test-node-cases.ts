import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { attribute } from "./attributes.js";
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
  type TensorProto,
} from "./generated/onnx_pb.js";
import { floatTensorProto } from "./tensor.js";

/** A tensor of a case file (../shared/conformance/onnx-node/README.md describes the JSON). */
export interface CaseTensor {
  readonly name: string;
  readonly dtype: "float32" | "int64" | "bool";
  readonly dims: number[];
  readonly data: (number | boolean)[];
}

/** One ONNX backend node test, as JSON. */
export interface NodeCase {
  readonly name: string;
  readonly op: string;
  readonly opset: number;
  readonly attributes?: Record<string, number | string | number[] | string[]>;
  readonly nodeInputs?: string[];
  readonly nodeOutputs?: string[];
  readonly multiNode?: boolean;
  readonly inputs: CaseTensor[];
  readonly outputs: CaseTensor[];
}

/** The case directory: $ALEXNET_ONNX_CASES, else <repository>/../shared/conformance/onnx-node. */
export function nodeCaseDirectory(): string {
  if (process.env.ALEXNET_ONNX_CASES) return resolve(process.env.ALEXNET_ONNX_CASES);
  return resolve(fileURLToPath(new URL("../../../", import.meta.url)), "..", "shared", "conformance", "onnx-node");
}

/** The single-node cases of these ops, or why there are none. */
export function readNodeCases(directory: string, ops: ReadonlySet<string>): { cases: NodeCase[] } | { missing: string } {
  const indexFile = join(directory, "index.json");
  if (!existsSync(indexFile)) return { missing: `ONNX node tests not found at ${directory} (no index.json); set ALEXNET_ONNX_CASES to the onnx-node directory` };
  const index = JSON.parse(readFileSync(indexFile, "utf8")) as { name: string; op: string; file: string; multiNode?: boolean }[];
  const cases = index.filter((entry) => !entry.multiNode && ops.has(entry.op)).map((entry) => JSON.parse(readFileSync(join(directory, entry.file), "utf8")) as NodeCase);
  return { cases };
}

/** onnx.proto's float attributes among the ops read (JSON writes 1.0 as 1, so the type comes from the op's schema). */
const floatAttributes = new Set(["alpha", "beta", "bias", "epsilon", "momentum", "ratio", "value"]);

/**
 * The case as an ONNX model: its first input the graph input, every other input an initializer (the IR's
 * layers own their weights), its first output the graph output (the IR produces one).
 */
export function nodeCaseModel(nodeCase: NodeCase): Uint8Array {
  const [data, ...constants] = nodeCase.inputs;
  const inputNames = nodeCase.nodeInputs ?? [];
  const node = create(NodeProtoSchema, {
    name: nodeCase.name,
    opType: nodeCase.op,
    input: inputNames,
    output: nodeCase.nodeOutputs ?? [],
    attribute: Object.entries(nodeCase.attributes ?? {}).map(([name, value]) => caseAttribute(name, value)),
  });
  const dim = data.dims.map((dimension) => ({ value: { case: "dimValue" as const, value: BigInt(dimension) } }));
  const tensorType = (name: string) => create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: "tensorType", value: { elemType: TensorProto_DataType.FLOAT, shape: { dim } } } }) });
  const graph = create(GraphProtoSchema, {
    name: nodeCase.name,
    node: [node],
    initializer: constants.map(caseTensor),
    input: [tensorType(data.name)],
    output: [create(ValueInfoProtoSchema, { name: nodeCase.outputs[0].name })],
  });
  return toBinary(
    ModelProtoSchema,
    create(ModelProtoSchema, { irVersion: 8n, graph, opsetImport: [create(OperatorSetIdProtoSchema, { domain: "", version: BigInt(nodeCase.opset) })] }),
  );
}

function caseTensor(tensor: CaseTensor): TensorProto {
  if (tensor.dtype === "float32") return floatTensorProto(tensor.name, { shape: tensor.dims, values: Float32Array.from(tensor.data as number[]) });
  const dataType = tensor.dtype === "int64" ? TensorProto_DataType.INT64 : TensorProto_DataType.BOOL;
  const integers = tensor.data.map((value) => (value === true ? 1 : value === false ? 0 : (value as number)));
  return create(TensorProtoSchema, {
    name: tensor.name,
    dims: tensor.dims.map(BigInt),
    dataType,
    ...(dataType === TensorProto_DataType.INT64 ? { int64Data: integers.map(BigInt) } : { int32Data: integers }),
  });
}

function caseAttribute(name: string, value: number | string | number[] | string[]): AttributeProto {
  if (typeof value === "string") return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) {
    if (floatAttributes.has(name)) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOATS, floats: value as number[] });
    return attribute.ints(name, value as number[]);
  }
  return floatAttributes.has(name) ? attribute.float(name, value) : attribute.int(name, value);
}
