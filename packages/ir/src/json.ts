import { GraphError } from "./errors.js";
import { analyzeGraph, graphFormatVersion, type Graph } from "./graph.js";

/** The graph as JSON text, with its format version. */
export function graphToJson(graph: Graph): string {
  return JSON.stringify({ format: "alexnet-ts.graph", ...graph }, null, 2);
}

/**
 * Reads a graph written by `graphToJson`, checking the format and version and validating
 * every node's shapes. Throws a GraphError with a one-line message.
 */
export function graphFromJson(text: string): Graph {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GraphError(`graph JSON does not parse: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || (parsed as { format?: unknown }).format !== "alexnet-ts.graph") {
    throw new GraphError('not a graph file: expected "format": "alexnet-ts.graph"');
  }
  const { format: _format, ...rest } = parsed as { format: string } & Record<string, unknown>;
  if (rest.formatVersion !== graphFormatVersion) {
    throw new GraphError(`graph format version ${String(rest.formatVersion)} is not supported; this version reads ${graphFormatVersion}`);
  }
  if (!Array.isArray(rest.nodes) || typeof rest.output !== "string" || typeof rest.name !== "string") {
    throw new GraphError("graph JSON needs a name, a nodes array and an output");
  }
  const graph = rest as unknown as Graph;
  analyzeGraph(graph);
  return graph;
}
