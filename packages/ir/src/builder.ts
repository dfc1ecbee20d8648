import { analyzeGraph, graphFormatVersion, type Graph, type GraphNode } from "./graph.js";
import type { Initializer } from "./op.js";
import type { ActivationOpType, OpAttributes, OpType } from "./ops/index.js";
import { toPadding, toPair, type PaddingLike, type PairLike } from "./shape.js";

/** What a layer carries beside its op: the one-line comment, and naming or initialization choices. */
export interface LayerDetails {
  readonly comment?: string;
  readonly parameterPrefix?: string;
  readonly initializers?: Readonly<Record<string, Initializer>>;
  readonly functional?: boolean;
  /** Read these nodes instead of the previous one. */
  readonly inputs?: readonly string[];
}

type Details = string | LayerDetails;

export interface Conv2dOptions {
  readonly outChannels: number;
  readonly kernel: PairLike;
  readonly stride?: PairLike;
  readonly padding?: PaddingLike;
  readonly dilation?: PairLike;
  readonly groups?: number;
  readonly bias?: boolean;
}

export interface Pool2dOptions {
  readonly kernel: PairLike;
  readonly stride?: PairLike;
  readonly padding?: PaddingLike;
  readonly dilation?: PairLike;
  readonly ceilMode?: boolean;
}

export interface AvgPool2dOptions extends Pool2dOptions {
  readonly countIncludePad?: boolean;
}

/**
 * Builds a graph layer by layer, so that a model definition reads like the model:
 *
 *   new GraphBuilder("tiny", [3, 32, 32]).conv2d("conv1", { outChannels: 8, kernel: 3 }).relu("relu1").build()
 *
 * Each layer reads the previous one unless `inputs` says otherwise.
 */
export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private last: string;

  constructor(
    private readonly name: string,
    private readonly inputShape: readonly [number, number, number],
    private readonly options: { inputName?: string; inputHint?: string; classNames?: readonly string[] } = {},
  ) {
    this.last = options.inputName ?? "input";
  }

  private add<K extends OpType>(op: K, name: string, attributes: OpAttributes[K], details: Details | undefined): this {
    const extra: LayerDetails = typeof details === "string" ? { comment: details } : (details ?? {});
    const node = {
      name,
      op,
      inputs: extra.inputs ?? [this.last],
      attributes,
      ...(extra.comment !== undefined && { comment: extra.comment }),
      ...(extra.parameterPrefix !== undefined && { parameterPrefix: extra.parameterPrefix }),
      ...(extra.initializers !== undefined && { initializers: extra.initializers }),
      ...(extra.functional !== undefined && { functional: extra.functional }),
    } as GraphNode;
    this.nodes.push(node);
    this.last = name;
    return this;
  }

  conv2d(name: string, options: Conv2dOptions, details?: Details): this {
    return this.add(
      "conv2d",
      name,
      {
        outChannels: options.outChannels,
        kernel: toPair(options.kernel),
        stride: toPair(options.stride ?? 1),
        padding: toPadding(options.padding ?? 0),
        dilation: toPair(options.dilation ?? 1),
        groups: options.groups ?? 1,
        bias: options.bias ?? true,
      },
      details,
    );
  }

  maxPool2d(name: string, options: Pool2dOptions, details?: Details): this {
    return this.add("maxPool2d", name, poolAttributes(options), details);
  }

  avgPool2d(name: string, options: AvgPool2dOptions, details?: Details): this {
    return this.add("avgPool2d", name, { ...poolAttributes(options), countIncludePad: options.countIncludePad ?? true }, details);
  }

  adaptiveAvgPool2d(name: string, outputSize: PairLike, details?: Details): this {
    return this.add("adaptiveAvgPool2d", name, { outputSize: toPair(outputSize) }, details);
  }

  /** An elementwise activation chosen by name (a variant's `activation` option). */
  activation(op: ActivationOpType, name: string, details?: Details): this {
    return this.add(op, name, {} as OpAttributes[ActivationOpType], details);
  }

  relu(name: string, details?: Details): this {
    return this.add("relu", name, {}, details);
  }

  tanh(name: string, details?: Details): this {
    return this.add("tanh", name, {}, details);
  }

  localResponseNorm(name: string, attributes: OpAttributes["localResponseNorm"], details?: Details): this {
    return this.add("localResponseNorm", name, attributes, details);
  }

  batchNorm2d(name: string, attributes: Partial<OpAttributes["batchNorm2d"]> = {}, details?: Details): this {
    return this.add("batchNorm2d", name, { epsilon: attributes.epsilon ?? 1e-5, momentum: attributes.momentum ?? 0.1 }, details);
  }

  dropout(name: string, rate: number, details?: Details): this {
    return this.add("dropout", name, { rate }, details);
  }

  flatten(name: string, details?: Details): this {
    return this.add("flatten", name, {}, details);
  }

  linear(name: string, options: { outFeatures: number; inFeatures?: number; bias?: boolean }, details?: Details): this {
    const attributes = {
      outFeatures: options.outFeatures,
      bias: options.bias ?? true,
      ...(options.inFeatures !== undefined && { inFeatures: options.inFeatures }),
    };
    return this.add("linear", name, attributes, details);
  }

  softmax(name: string, details?: Details): this {
    return this.add("softmax", name, {}, details);
  }

  logSoftmax(name: string, details?: Details): this {
    return this.add("logSoftmax", name, {}, details);
  }

  /** The finished graph, validated: a bad graph throws a GraphError naming the node. */
  build(): Graph {
    const graph: Graph = {
      formatVersion: graphFormatVersion,
      name: this.name,
      input: { name: this.options.inputName ?? "input", shape: [...this.inputShape] },
      nodes: [...this.nodes],
      output: this.last,
      ...(this.options.inputHint !== undefined && { inputHint: this.options.inputHint }),
      ...(this.options.classNames !== undefined && { classNames: [...this.options.classNames] }),
    };
    analyzeGraph(graph);
    return graph;
  }
}

function poolAttributes(options: Pool2dOptions): OpAttributes["maxPool2d"] {
  const kernel = toPair(options.kernel);
  return {
    kernel,
    stride: toPair(options.stride ?? kernel),
    padding: toPadding(options.padding ?? 0),
    dilation: toPair(options.dilation ?? 1),
    ceilMode: options.ceilMode ?? false,
  };
}
