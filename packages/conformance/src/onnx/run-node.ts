import type { CaseContext } from "../case.js";
import { denseRunners } from "./dense-runners.js";
import { elementwiseRunners } from "./elementwise-runners.js";
import { NodeIo, type NodeRunner, type OnnxValue } from "./node-io.js";
import type { OnnxNodeJson } from "./onnx-case.js";
import { shapeRunners } from "./shape-runners.js";
import { windowRunners } from "./window-runners.js";

export { onnxPadding } from "./window-runners.js";
export type { OnnxValue } from "./node-io.js";

/** One runner per ONNX op mapped onto the contract, by op type: the one list both the runner and `supportedOnnxOps` read. */
const onnxNodeRunners: Readonly<Record<string, NodeRunner>> = { ...windowRunners, ...denseRunners, ...shapeRunners, ...elementwiseRunners };

/** The ONNX ops this runner maps onto the contract. */
export const supportedOnnxOps: ReadonlySet<string> = new Set(Object.keys(onnxNodeRunners));

/** Runs one node on the backend, reading its inputs from and writing its outputs to `values`. */
export function runOnnxNode(context: CaseContext, node: OnnxNodeJson, values: Map<string, OnnxValue>, opset: number): void {
  const runner = Object.prototype.hasOwnProperty.call(onnxNodeRunners, node.op) ? onnxNodeRunners[node.op] : undefined;
  if (runner === undefined) throw new Error(`onnx ${node.op}: not mapped onto the backend contract`);
  runner(new NodeIo(context, node, values, opset));
}
