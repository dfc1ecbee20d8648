import type { ConformanceCase, CaseGroup } from "../case.js";
import { compareValues } from "../compare.js";
import { looserTolerance, onnxTolerance } from "../options.js";
import { referenceTensor } from "../reference/index.js";
import { caseNodes, readOnnxCase, readOnnxIndex, type OnnxIndexEntry } from "./onnx-case.js";
import { runOnnxNode, supportedOnnxOps, type OnnxValue } from "./run-node.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Why the suite itself skips an ONNX case, or undefined when it runs. */
function outOfContract(directory: string, entry: OnnxIndexEntry): string | undefined {
  if (entry.op === "ConvTranspose") return "ConvTranspose is outside the backend contract (AlexNet has no transposed convolution)";
  if ((entry.op === "MaxPool" || entry.op === "AveragePool") && /_(1|3)d_/.test(`${entry.name}_`)) return "1-D and 3-D pooling are outside the contract (2-D NCHW only)";
  if (entry.multiNode) {
    const nodes = (JSON.parse(readFileSync(join(directory, entry.file), "utf8")) as { nodes: { op: string }[] }).nodes;
    const missing = [...new Set(nodes.map((node) => node.op).filter((op) => !supportedOnnxOps.has(op)))];
    if (missing.length > 0) return `its nodes use ${missing.join(", ")}, which the contract does not cover`;
    return undefined;
  }
  if (!supportedOnnxOps.has(entry.op)) return `${entry.op} is outside the backend contract`;
  return undefined;
}

/** Outputs a case produces that the contract cannot: MaxPool's argmax indices. */
const uncheckedOutputNote: Record<string, string> = { MaxPool: "indices output not checked: argmax is not in the contract" };

/** One conformance case per ONNX node test, run on the backend and compared with ONNX's expected outputs. */
function onnxCase(directory: string, entry: OnnxIndexEntry): ConformanceCase {
  const skipReason = outOfContract(directory, entry);
  const notes = [entry.multiNode ? "its node list run op by op" : entry.op];
  if (entry.name.includes("with_argmax")) notes.push(uncheckedOutputNote.MaxPool);
  return {
    id: `onnx/${entry.name}`,
    title: notes.join("; "),
    skipReason,
    run: async (context) => {
      const onnx = readOnnxCase(directory, entry);
      const values = new Map<string, OnnxValue>();
      for (const input of onnx.inputs) {
        if (input.dtype === "float32") values.set(input.name, { tensor: context.upload(referenceTensor(input.dims, input.data as number[])) });
        else values.set(input.name, { host: input });
      }
      for (const node of caseNodes(onnx)) runOnnxNode(context, node, values, onnx.opset);
      const tolerance = looserTolerance(context.tolerance, onnxTolerance);
      for (const expected of onnx.outputs) {
        const value = values.get(expected.name);
        if (value === undefined) {
          if (expected.dtype === "int64" && onnx.op === "MaxPool") continue;
          throw new Error(`onnx/${onnx.name}: output ${expected.name} was not produced`);
        }
        if ("tensor" in value) {
          const got = await context.backend.download(value.tensor);
          const failure = compareValues(`onnx/${onnx.name} output ${expected.name}`, got, value.tensor.shape, referenceTensor(expected.dims, expected.data as number[]), tolerance);
          if (failure !== undefined) throw new Error(failure);
        } else if (JSON.stringify(value.host.data) !== JSON.stringify(expected.data) || JSON.stringify(value.host.dims) !== JSON.stringify(expected.dims)) {
          throw new Error(`onnx/${onnx.name}: output ${expected.name} differs from the expected ${expected.dtype} data`);
        }
      }
    },
  };
}

/** The ONNX group: every case of the directory, or the whole group skipped with the reason when it is absent. */
export function onnxCaseGroup(directory: string): CaseGroup {
  const index = readOnnxIndex(directory);
  if ("missing" in index) return { title: "ONNX node tests", cases: [], skipReason: index.missing };
  return { title: `ONNX node tests (${directory})`, cases: index.entries.map((entry) => onnxCase(directory, entry)) };
}
