import { totalmem } from "node:os";
import { analyzeGraph, countParameters, elementCount, formatBytes, GraphError, type Graph } from "@alexnet-ts/ir";

/** Bytes per float32 value. */
const bytesPerValue = 4;

/** What running a graph holds in memory at once, from the IR's own counts (nothing is allocated). */
export interface ModelMemory {
  readonly parameterBytes: number;
  readonly activationBytes: number;
  /** The largest convolution's lowered input (im2col), which a backend builds one convolution at a time. */
  readonly scratchBytes: number;
  readonly totalBytes: number;
}

/**
 * An upper estimate of a graph's memory from its counts: parameters once for inference, three
 * times for training (weights, gradients, SGD velocities); every node's output for the batch,
 * twice for training (the forward values kept for backward, and their gradients); plus the largest
 * convolution's im2col matrix (input channels per group × kernel area × output pixels × batch),
 * the scratch space the CPU backend's lowering needs, which dominates at large inputs.
 */
export function estimateModelMemory(graph: Graph, options: { batch: number; training: boolean }): ModelMemory {
  const analyzed = analyzeGraph(graph, { batch: options.batch });
  const parameters = countParameters(analyzed).total;
  const activations = elementCount(analyzed.inputShape) + analyzed.nodes.reduce((sum, node) => sum + elementCount(node.outputShape), 0);
  const parameterBytes = parameters * bytesPerValue * (options.training ? 3 : 1);
  const activationBytes = activations * bytesPerValue * (options.training ? 2 : 1);
  let scratch = 0;
  for (const { node, inputShapes, outputShape } of analyzed.nodes) {
    if (node.op !== "conv2d") continue;
    const { kernel, groups } = node.attributes as { kernel: readonly [number, number]; groups: number };
    scratch = Math.max(scratch, (inputShapes[0][1] / groups) * kernel[0] * kernel[1] * elementCount(outputShape.slice(2)) * options.batch);
  }
  const scratchBytes = scratch * bytesPerValue;
  return { parameterBytes, activationBytes, scratchBytes, totalBytes: parameterBytes + activationBytes + scratchBytes };
}

/**
 * The default memory limit: 75% of this machine's memory (the rest for Node, the backend's scratch
 * space and the data). `ALEXNET_MAX_MEMORY` (bytes, or with a K/M/G/T suffix: "12G") overrides it.
 */
export function memoryLimit(environment: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = environment.ALEXNET_MAX_MEMORY;
  if (text === undefined || text.trim() === "") return Math.floor(totalmem() * 0.75);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (match === null) throw new GraphError(`ALEXNET_MAX_MEMORY must be a size such as 8G or 512M, but is "${text}"`);
  const scale = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[match[2].toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.floor(Number(match[1]) * scale);
}

/**
 * Refuses, before anything is allocated, a graph whose estimated memory (see estimateModelMemory)
 * exceeds `limit` bytes: one line (a GraphError, exit 2) with the estimate, the limit and what to change.
 */
export function checkModelMemory(graph: Graph, options: { batch: number; training: boolean; limit?: number }): ModelMemory {
  const memory = estimateModelMemory(graph, options);
  const limit = options.limit ?? memoryLimit();
  if (memory.totalBytes > limit) {
    const [channels, height, width] = graph.input.shape;
    throw new GraphError(
      `${graph.name} at ${channels}×${height}×${width} input, batch ${options.batch}, would need about ${formatBytes(memory.totalBytes)} ` +
        `(${formatBytes(memory.activationBytes)} activations, ${formatBytes(memory.scratchBytes)} convolution scratch, ${formatBytes(memory.parameterBytes)} parameters${options.training ? " with gradients and velocities" : ""}), ` +
        `more than the ${formatBytes(limit)} limit; use a smaller --input${options.batch > 1 ? " or --batch" : ""}, or raise ALEXNET_MAX_MEMORY`,
    );
  }
  return memory;
}
