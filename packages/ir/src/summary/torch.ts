import { analyzeGraph, type Graph } from "../graph.js";
import { opDefinitions } from "../ops/index.js";
import { bytesPerElement, elementCount } from "../shape.js";
import { bytesPerMegabyte, formatFixed, formatThousands } from "./number-format.js";

/** One row of torchsummary's table. */
export interface TorchModuleRow {
  /** "Conv2d-1": the class name and the module's position in call order. */
  readonly key: string;
  /** The IR node. */
  readonly node: string;
  /** With the batch torchsummary was given, -1 by default: [-1, 96, 55, 55]. */
  readonly outputShape: readonly number[];
  /** Sizes of `module.weight` and `module.bias` only, as torchsummary counts. */
  readonly parameters: number;
  /** Whether the module has a weight that requires a gradient (torchsummary's "trainable"). */
  readonly trainable: boolean;
}

/** Options of `formatTorchSummary`. */
export interface TorchSummaryOptions {
  /** torchsummary's `batch_size`: -1 (its default) prints -1 and sizes memory for one sample. */
  readonly batchSize?: number;
}

/**
 * The modules torchsummary lists: every node that PyTorch runs as a module (nodes marked
 * `functional`, such as F.log_softmax or torch.flatten, are calls, not modules, and have no hook).
 */
export function torchModuleRows(graph: Graph, options: TorchSummaryOptions = {}): TorchModuleRow[] {
  const batchSize = options.batchSize ?? -1;
  const analyzed = analyzeGraph(graph, { batch: batchSize === -1 ? 1 : batchSize });
  return analyzed.nodes
    .filter((analyzedNode) => analyzedNode.node.functional !== true)
    .map((analyzedNode, index) => {
      const weight = analyzedNode.parameters.find((parameter) => parameter.name === "weight");
      const bias = analyzedNode.parameters.find((parameter) => parameter.name === "bias");
      return {
        key: `${opDefinitions[analyzedNode.node.op].names.torch}-${index + 1}`,
        node: analyzedNode.node.name,
        outputShape: [batchSize, ...analyzedNode.outputShape.slice(1)],
        parameters: (weight === undefined ? 0 : elementCount(weight.shape)) + (bias === undefined ? 0 : elementCount(bias.shape)),
        trainable: weight !== undefined && weight.trainable,
      };
    });
}

/** Python's `"{:>N}".format(text)`: right-aligned, never cut. */
function alignRight(text: string, width: number): string {
  return text.padStart(width, " ");
}

/**
 * The text torchsummary 1.5.1 prints for `summary(model, (C, H, W))`, byte for byte: leaf modules
 * numbered in call order, BatchNorm2d counting weight and bias only (its running statistics are
 * buffers), and its memory estimate: 4 bytes per number, output sizes doubled for the gradients.
 * Ends with a newline.
 */
export function formatTorchSummary(graph: Graph, options: TorchSummaryOptions = {}): string {
  const batchSize = options.batchSize ?? -1;
  const rows = torchModuleRows(graph, { batchSize });
  const out: string[] = [];
  const rule = "-".repeat(64);
  const double = "=".repeat(64);
  out.push(rule);
  out.push(`${alignRight("Layer (type)", 20)}  ${alignRight("Output Shape", 25)} ${alignRight("Param #", 15)}`);
  out.push(double);
  let totalParameters = 0;
  let totalOutput = 0;
  let trainableParameters = 0;
  for (const row of rows) {
    out.push(`${alignRight(row.key, 20)}  ${alignRight(`[${row.outputShape.join(", ")}]`, 25)} ${alignRight(formatThousands(row.parameters), 15)}`);
    totalParameters += row.parameters;
    // np.prod over the shape with its -1 batch: negative terms, made positive by abs() below.
    totalOutput += row.outputShape.reduce((product, dimension) => product * dimension, 1);
    if (row.trainable) trainableParameters += row.parameters;
  }
  const inputSize = Math.abs((elementCount(graph.input.shape) * batchSize * bytesPerElement) / bytesPerMegabyte);
  const outputSize = Math.abs((2 * totalOutput * bytesPerElement) / bytesPerMegabyte);
  const parameterSize = Math.abs((totalParameters * bytesPerElement) / bytesPerMegabyte);
  const totalSize = parameterSize + outputSize + inputSize;
  out.push(double);
  out.push(`Total params: ${formatThousands(totalParameters)}`);
  out.push(`Trainable params: ${formatThousands(trainableParameters)}`);
  out.push(`Non-trainable params: ${formatThousands(totalParameters - trainableParameters)}`);
  out.push(rule);
  out.push(`Input size (MB): ${formatFixed(inputSize, 2)}`);
  out.push(`Forward/backward pass size (MB): ${formatFixed(outputSize, 2)}`);
  out.push(`Params size (MB): ${formatFixed(parameterSize, 2)}`);
  out.push(`Estimated Total Size (MB): ${formatFixed(totalSize, 2)}`);
  out.push(rule);
  return `${out.join("\n")}\n`;
}
