import { analyzeGraph, countParameters, type AnalyzedGraph, type Graph, type GraphNode } from "../graph.js";
import { opDefinitions } from "../ops/index.js";
import type { OpDefinition } from "../op.js";
import { bytesPerElement, elementCount, formatShape, type Shape } from "../shape.js";
import { formatBytes, formatCompact, formatFixed, formatThousands } from "./number-format.js";

/** Options of `formatRichSummary`. */
export interface RichSummaryOptions {
  /** Images per forward pass; shapes, multiply-adds and memory are for this batch. Default 1. */
  readonly batch?: number;
  /** Print each layer's one-line comment under its row. */
  readonly comments?: boolean;
  /** Width to wrap comments at. Default 100. */
  readonly width?: number;
}

/** Memory and compute totals of one forward (and backward) pass, as the rich and JSON summaries report them. */
export interface SummaryTotals {
  readonly parameters: number;
  readonly trainableParameters: number;
  readonly nonTrainableParameters: number;
  /** float32 storage of every parameter, running statistics included. */
  readonly parameterBytes: number;
  /** For the whole batch. */
  readonly multiplyAccumulates: number;
  readonly inputBytes: number;
  /** Every node's output for the whole batch: what a forward pass keeps for the backward pass. */
  readonly activationBytes: number;
  /** Activations and their gradients: 2 × activationBytes, as torchsummary and torchinfo estimate. */
  readonly forwardBackwardBytes: number;
  /** parameterBytes + inputBytes + forwardBackwardBytes. */
  readonly estimatedTotalBytes: number;
}

/** Totals of an analyzed graph for its batch. */
export function summaryTotals(analyzed: AnalyzedGraph): SummaryTotals {
  const counts = countParameters(analyzed);
  const multiplyAccumulates = analyzed.nodes.reduce((sum, node) => sum + node.multiplyAccumulates, 0);
  const activationBytes = analyzed.nodes.reduce((sum, node) => sum + elementCount(node.outputShape) * bytesPerElement, 0);
  const parameterBytes = counts.total * bytesPerElement;
  const inputBytes = elementCount(analyzed.inputShape) * bytesPerElement;
  const forwardBackwardBytes = 2 * activationBytes;
  return {
    parameters: counts.total,
    trainableParameters: counts.trainable,
    nonTrainableParameters: counts.nonTrainable,
    parameterBytes,
    multiplyAccumulates,
    inputBytes,
    activationBytes,
    forwardBackwardBytes,
    estimatedTotalBytes: parameterBytes + inputBytes + forwardBackwardBytes,
  };
}

/**
 * A node's geometry in a few characters, as its op describes it: "11×11 /4" (kernel, stride), "p2"
 * (padding), "g2" (groups), "d2" (dilation); "n=5 α=1e-4 β=0.75 k=2" for LRN; "9216→4096" for a
 * linear layer; empty for ops with nothing to show.
 */
export function describeGeometry(node: GraphNode, inputShapes: readonly Shape[]): string {
  const definition = opDefinitions[node.op] as OpDefinition<GraphNode["attributes"]>;
  return definition.describe?.(node.attributes, inputShapes) ?? "";
}

/** Breaks text into lines of at most `width` characters at spaces (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((part) => part.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * The default summary, in the spirit of torchinfo: per layer its name, op, output shape (NCHW,
 * with the batch), parameters, multiply-accumulates, activation memory and geometry; then totals
 * in parameters and megabytes (2^20 bytes), multiply-adds, and forward/backward memory for the
 * batch. Fits a 100-column terminal for every AlexNet variant. Ends with a newline.
 */
export function formatRichSummary(graph: Graph, options: RichSummaryOptions = {}): string {
  const batch = options.batch ?? 1;
  const width = options.width ?? 100;
  const analyzed = analyzeGraph(graph, { batch });
  const totals = summaryTotals(analyzed);
  const headers = ["Layer", "Op", "Output shape", "Params", "MACs", "Memory", "Kernel /stride"];
  const rightAligned = [false, false, false, true, true, true, false];
  const rows = analyzed.nodes.map((analyzedNode) => {
    const parameters = analyzedNode.parameters.reduce((sum, parameter) => sum + elementCount(parameter.shape), 0);
    return [
      analyzedNode.node.name,
      opDefinitions[analyzedNode.node.op].names.label,
      formatShape(analyzedNode.outputShape),
      formatThousands(parameters),
      formatCompact(analyzedNode.multiplyAccumulates),
      formatBytes(elementCount(analyzedNode.outputShape) * bytesPerElement),
      describeGeometry(analyzedNode.node, analyzedNode.inputShapes),
    ];
  });
  const columnWidths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const formatLine = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (rightAligned[column] ? cell.padStart(columnWidths[column]) : cell.padEnd(columnWidths[column])))
      .join("  ")
      .trimEnd();
  const tableWidth = columnWidths.reduce((sum, columnWidth) => sum + columnWidth, 0) + 2 * (columnWidths.length - 1);
  const rule = "─".repeat(Math.min(Math.max(tableWidth, 60), width));

  const [channels, height, widthPixels] = graph.input.shape;
  const outputFeatures = analyzed.outputShape[analyzed.outputShape.length - 1];
  const out: string[] = [];
  out.push(`${graph.name}: input ${channels}×${height}×${widthPixels} (C×H×W), batch ${batch}, ${outputFeatures} outputs`);
  out.push(rule);
  out.push(formatLine(headers));
  out.push(rule);
  analyzed.nodes.forEach((analyzedNode, index) => {
    out.push(formatLine(rows[index]));
    const comment = analyzedNode.node.comment;
    if (options.comments === true && comment !== undefined) {
      for (const line of wrap(comment, width - 4)) out.push(`    ${line}`);
    }
  });
  out.push(rule);
  const label = (text: string): string => text.padEnd(22);
  out.push(
    `${label("Parameters")}${formatThousands(totals.parameters)} (${formatThousands(totals.trainableParameters)} trainable, ${formatThousands(totals.nonTrainableParameters)} non-trainable)`,
  );
  out.push(`${label("Parameter memory")}${formatBytes(totals.parameterBytes)} (float32)`);
  out.push(`${label("Multiply-accumulates")}${formatThousands(totals.multiplyAccumulates)} (${formatFixed(totals.multiplyAccumulates / 1e9, 3)} GMACs) per forward pass of ${batch} image${batch === 1 ? "" : "s"}`);
  out.push(`${label("Input")}${formatBytes(totals.inputBytes)}`);
  out.push(`${label("Activations")}${formatBytes(totals.activationBytes)} forward, ${formatBytes(totals.forwardBackwardBytes)} forward + backward (outputs and their gradients)`);
  out.push(`${label("Estimated total")}${formatBytes(totals.estimatedTotalBytes)} (parameters + input + forward/backward)`);
  out.push(rule);
  out.push("Memory: the layer's output for the batch; KB, MB = 2^10, 2^20 bytes.");
  out.push("11×11 /4: an 11×11 window at stride 4; p padding, g groups, d dilation.");
  return `${out.join("\n")}\n`;
}
