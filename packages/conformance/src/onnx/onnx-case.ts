import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** A tensor as the ONNX node-test JSON stores it (see the directory's README.md). */
export interface OnnxTensorJson {
  readonly name?: string;
  readonly dtype: "float32" | "int64" | "bool";
  readonly dims: number[];
  readonly data: (number | boolean)[];
}

/** An attribute value: numbers, strings, lists, or a TENSOR (in Constant nodes). */
export type OnnxAttribute = number | string | number[] | string[] | (OnnxTensorJson & { tensor: true });

/** One node of a (multi-node) model. */
export interface OnnxNodeJson {
  readonly op: string;
  readonly inputs: string[];
  readonly outputs: string[];
  readonly attributes: Record<string, OnnxAttribute>;
}

/** One case file. Single-node cases have op/attributes/nodeInputs/nodeOutputs; multi-node ones `nodes`. */
export interface OnnxCaseJson {
  readonly name: string;
  readonly op: string;
  readonly opset: number;
  readonly attributes?: Record<string, OnnxAttribute>;
  readonly nodeInputs?: string[];
  readonly nodeOutputs?: string[];
  readonly multiNode?: boolean;
  readonly expandedFrom?: string;
  readonly nodes?: OnnxNodeJson[];
  readonly inputs: (OnnxTensorJson & { name: string })[];
  readonly outputs: (OnnxTensorJson & { name: string })[];
}

/** An entry of index.json. */
export interface OnnxIndexEntry {
  readonly name: string;
  readonly op: string;
  readonly file: string;
  readonly multiNode?: boolean;
}

/** The directory of the ONNX node tests: $ALEXNET_ONNX_CASES, else <repo>/../shared/conformance/onnx-node. */
export function defaultOnnxDirectory(): string {
  if (process.env.ALEXNET_ONNX_CASES) return resolve(process.env.ALEXNET_ONNX_CASES);
  // This file is <repo>/packages/conformance/{src,dist}/onnx/onnx-case.{ts,js}.
  const repository = fileURLToPath(new URL("../../../../", import.meta.url));
  return resolve(repository, "..", "shared", "conformance", "onnx-node");
}

/** The index of the cases, or why there is none. */
export function readOnnxIndex(directory: string): { entries: OnnxIndexEntry[] } | { missing: string } {
  const indexFile = join(directory, "index.json");
  if (!existsSync(indexFile)) {
    return { missing: `ONNX node tests not found at ${directory} (no index.json); set ALEXNET_ONNX_CASES to the onnx-node directory to run them` };
  }
  return { entries: JSON.parse(readFileSync(indexFile, "utf8")) as OnnxIndexEntry[] };
}

/** Reads one case file. */
export function readOnnxCase(directory: string, entry: OnnxIndexEntry): OnnxCaseJson {
  return JSON.parse(readFileSync(join(directory, entry.file), "utf8")) as OnnxCaseJson;
}

/** A case's nodes, whether it is single- or multi-node. */
export function caseNodes(onnxCase: OnnxCaseJson): OnnxNodeJson[] {
  if (onnxCase.nodes) return onnxCase.nodes;
  return [{ op: onnxCase.op, inputs: onnxCase.nodeInputs ?? [], outputs: onnxCase.nodeOutputs ?? [], attributes: onnxCase.attributes ?? {} }];
}
