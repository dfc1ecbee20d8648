import { analyzeGraph, type Graph } from "../graph.js";
import type { Shape } from "../shape.js";
import { bytesPerElement, elementCount } from "../shape.js";
import { summaryTotals, type SummaryTotals } from "./rich.js";

/** The version of the JSON summary's layout; bumped when a field changes meaning or goes away. */
export const summaryJsonVersion = 1;

/** One node in the JSON summary. */
export interface SummaryJsonNode {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly string[];
  readonly attributes: Readonly<Record<string, unknown>>;
  /** NCHW, with the batch. */
  readonly outputShape: Shape;
  readonly parameters: {
    readonly total: number;
    readonly trainable: number;
    readonly nonTrainable: number;
    readonly tensors: ReadonlyArray<{ readonly name: string; readonly shape: Shape; readonly trainable: boolean }>;
  };
  readonly multiplyAccumulates: number;
  readonly activationBytes: number;
  readonly comment?: string;
}

/** The machine-readable summary. */
export interface SummaryJson {
  readonly format: "alexnet-ts.summary";
  readonly version: typeof summaryJsonVersion;
  readonly model: string;
  readonly batch: number;
  readonly input: { readonly name: string; readonly shape: Shape };
  readonly output: { readonly name: string; readonly shape: Shape };
  readonly nodes: readonly SummaryJsonNode[];
  readonly totals: SummaryTotals;
}

/** The summary as data: every node's shapes, parameters and counts, and the totals, for a batch. */
export function summaryJson(graph: Graph, options: { batch?: number } = {}): SummaryJson {
  const analyzed = analyzeGraph(graph, { batch: options.batch ?? 1 });
  return {
    format: "alexnet-ts.summary",
    version: summaryJsonVersion,
    model: graph.name,
    batch: analyzed.batch,
    input: { name: graph.input.name, shape: analyzed.inputShape },
    output: { name: graph.output, shape: analyzed.outputShape },
    nodes: analyzed.nodes.map(({ node, outputShape, parameters, multiplyAccumulates }) => {
      const count = (trainable: boolean): number =>
        parameters.filter((parameter) => parameter.trainable === trainable).reduce((sum, parameter) => sum + elementCount(parameter.shape), 0);
      return {
        name: node.name,
        op: node.op,
        inputs: node.inputs,
        attributes: node.attributes as Readonly<Record<string, unknown>>,
        outputShape,
        parameters: {
          total: count(true) + count(false),
          trainable: count(true),
          nonTrainable: count(false),
          tensors: parameters.map((parameter) => ({ name: parameter.fullName, shape: parameter.shape, trainable: parameter.trainable })),
        },
        multiplyAccumulates,
        activationBytes: elementCount(outputShape) * bytesPerElement,
        ...(node.comment !== undefined && { comment: node.comment }),
      };
    }),
    totals: summaryTotals(analyzed),
  };
}

/** The JSON summary as indented text, ending with a newline. Arrays of numbers stay on one line. */
export function formatJsonSummary(graph: Graph, options: { batch?: number } = {}): string {
  return `${stringifyIndented(summaryJson(graph, options), "")}\n`;
}

/** JSON.stringify with two-space indentation, except that arrays of plain values print on one line. */
function stringifyIndented(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object")) return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${stringifyIndented(item, inner)}`).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${stringifyIndented(item, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
