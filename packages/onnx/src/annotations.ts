import type { Graph, GraphNode } from "@alexnet-ts/ir";

/**
 * What an IR graph says that ONNX cannot: the exact (float64) attributes, an adaptive pool that
 * ONNX writes as a fixed window, comments, initializer choices, class names. Kept in the model's
 * metadata_props under `annotationsKey`; the import uses a node's annotation only where exporting
 * it again gives the very ONNX node in the file, so an edited model is read from its ONNX nodes.
 */
export interface GraphAnnotations {
  readonly format: "alexnet-ts.onnx-annotations";
  readonly version: 1;
  readonly name: string;
  readonly classNames?: readonly string[];
  readonly inputHint?: string;
  /** Each node as the IR has it, without its inputs (those are the ONNX node's). */
  readonly nodes: Readonly<Record<string, Omit<GraphNode, "inputs">>>;
}

export const annotationsKey = "alexnet-ts.annotations";

export function annotate(graph: Graph): GraphAnnotations {
  const nodes: Record<string, Omit<GraphNode, "inputs">> = {};
  for (const node of graph.nodes) {
    const { inputs: _inputs, ...rest } = node;
    nodes[node.name] = rest;
  }
  return {
    format: "alexnet-ts.onnx-annotations",
    version: 1,
    name: graph.name,
    ...(graph.classNames === undefined ? {} : { classNames: graph.classNames }),
    ...(graph.inputHint === undefined ? {} : { inputHint: graph.inputHint }),
    nodes,
  };
}

/** The annotations in a metadata value, or undefined when absent or not ours. */
export function readAnnotations(text: string | undefined): GraphAnnotations | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<GraphAnnotations>;
    if (parsed.format !== "alexnet-ts.onnx-annotations" || parsed.version !== 1 || typeof parsed.nodes !== "object") return undefined;
    return parsed as GraphAnnotations;
  } catch {
    return undefined;
  }
}
