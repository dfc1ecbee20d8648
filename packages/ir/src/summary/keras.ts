import { analyzeGraph, type AnalyzedGraph, type AnalyzedNode, type Graph } from "../graph.js";
import { opDefinitions } from "../ops/index.js";
import type { Shape } from "../shape.js";
import { elementCount } from "../shape.js";
import { formatThousands } from "./number-format.js";

/** One row of the Keras table: a Keras layer made of one IR node, or a Conv2D/Dense with its fused activation. */
export interface KerasLayer {
  /** "conv2d_1" */
  readonly name: string;
  /** "Conv2D" */
  readonly className: string;
  /** NHWC with a None batch: "(None, 55, 55, 96)". */
  readonly outputShape: string;
  readonly parameters: number;
  /** The IR nodes the layer stands for: [conv1, relu1] when the ReLU is Conv2D's activation='relu'. */
  readonly nodes: readonly string[];
}

/**
 * The graph as the Keras layers of a Sequential model, each named as its op declares
 * (`names.keras`). An activation that directly follows a conv2d or linear node (a fusion host,
 * and the only reader of it) becomes that layer's `activation=`, as the notebook writes
 * `Conv2D(96, …, activation='relu')`.
 */
export function kerasLayers(analyzed: AnalyzedGraph): KerasLayer[] {
  const readers = new Map<string, number>();
  for (const { node } of analyzed.nodes) for (const input of node.inputs) readers.set(input, (readers.get(input) ?? 0) + 1);
  const counters = new Map<string, number>();
  const layers: KerasLayer[] = [];
  const nodes = analyzed.nodes;
  for (let index = 0; index < nodes.length; index += 1) {
    const current = nodes[index];
    const next: AnalyzedNode | undefined = nodes[index + 1];
    const fuses =
      next !== undefined &&
      opDefinitions[current.node.op].fusion === "host" &&
      opDefinitions[next.node.op].fusion === "activation" &&
      next.node.inputs.length === 1 &&
      next.node.inputs[0] === current.node.name &&
      readers.get(current.node.name) === 1 &&
      analyzed.graph.output !== current.node.name;
    const members = fuses ? [current, next] : [current];
    const { baseName, className } = opDefinitions[current.node.op].names.keras;
    const count = counters.get(baseName) ?? 0;
    counters.set(baseName, count + 1);
    const last = members[members.length - 1];
    layers.push({
      name: count === 0 ? baseName : `${baseName}_${count}`,
      className,
      outputShape: kerasShape(last.outputShape),
      parameters: members.reduce((sum, member) => sum + member.parameters.reduce((total, parameter) => total + elementCount(parameter.shape), 0), 0),
      nodes: members.map((member) => member.node.name),
    });
    if (fuses) index += 1;
  }
  return layers;
}

/** An NCHW shape as Keras prints its NHWC output_shape tuple: [1, 96, 55, 55] → "(None, 55, 55, 96)". */
export function kerasShape(shape: Shape): string {
  const rest = shape.slice(1);
  const channelsLast = rest.length === 3 ? [rest[1], rest[2], rest[0]] : rest;
  const items = ["None", ...channelsLast.map(String)];
  // Python writes a one-element tuple with a trailing comma.
  return items.length === 1 ? "(None,)" : `(${items.join(", ")})`;
}

/** Keras 2.9–2.12's default table geometry for a Sequential model. */
const lineLength = 65;
const positions = [0.45, 0.85, 1].map((fraction) => Math.floor(lineLength * fraction));

/**
 * Keras's `print_row`: each column is cut to fit before the next position (leaving two spaces),
 * breaking early after "),", "},", "]," or "',", and what does not fit continues on the next line.
 */
function printRow(fields: readonly string[], out: string[]): void {
  const left = [...fields];
  while (left.some((field) => field.length > 0)) {
    let line = "";
    for (let column = 0; column < left.length; column += 1) {
      const start = column > 0 ? positions[column - 1] : 0;
      const space = column !== positions.length - 1 ? 2 : 0;
      let cutoff = positions[column] - start - space;
      let fit = left[column].slice(0, cutoff);
      const breaks = ["),", "},", "],", "',"].filter((mark) => fit.includes(mark)).map((mark) => fit.indexOf(mark) + mark.length);
      if (breaks.length > 0) {
        cutoff = Math.min(...breaks);
        fit = fit.slice(0, cutoff);
      }
      if (column === 0) line += " ";
      line += fit + " ".repeat(space);
      left[column] = left[column].slice(cutoff);
      line += " ".repeat(Math.max(0, positions[column] - line.length));
    }
    out.push(line);
  }
}

/**
 * The text Keras 2.9–2.12 prints for `model.summary()` of the graph as a Sequential model, byte for
 * byte: NHWC output shapes with a None batch, Keras's layer names, BatchNormalization counting
 * its moving statistics as non-trainable parameters. Ends with a newline.
 */
export function formatKerasSummary(graph: Graph): string {
  const analyzed = analyzeGraph(graph);
  const out: string[] = [];
  out.push('Model: "sequential"');
  out.push("_".repeat(lineLength));
  printRow(["Layer (type)", "Output Shape", "Param #"], out);
  out.push("=".repeat(lineLength));
  for (const layer of kerasLayers(analyzed)) {
    printRow([`${layer.name} (${layer.className})`, layer.outputShape, String(layer.parameters)], out);
    out.push(" ".repeat(lineLength));
  }
  out.push("=".repeat(lineLength));
  let trainable = 0;
  let nonTrainable = 0;
  for (const parameter of analyzed.parameters) {
    if (parameter.trainable) trainable += elementCount(parameter.shape);
    else nonTrainable += elementCount(parameter.shape);
  }
  out.push(`Total params: ${formatThousands(trainable + nonTrainable)}`);
  out.push(`Trainable params: ${formatThousands(trainable)}`);
  out.push(`Non-trainable params: ${formatThousands(nonTrainable)}`);
  out.push("_".repeat(lineLength));
  return `${out.join("\n")}\n`;
}
