import { ShapeMismatch, opDefinitions, type GraphNode, type OpAttributes, type OpType, type Shape } from "@alexnet-ts/ir";
import { NodeAttributes } from "../attributes.js";
import { OnnxError } from "../errors.js";
import type { NodeProto, TensorProto } from "../generated/onnx_pb.js";
import { readFloatTensor, readIntegerTensor, type WeightTensor } from "../tensor.js";

/** Where an ONNX value comes from, as the IR sees it. */
export type ValueSource =
  | { readonly kind: "node"; readonly irName: string }
  /** A zero Pad not yet folded into the Conv that reads it. */
  | { readonly kind: "padded"; readonly source: string; readonly padding: readonly [number, number, number, number]; readonly label: string };

/** A parameter of an IR node being made: its local name ("weight") and values, and the ONNX name they came from. */
export interface ImportedWeight {
  readonly sourceName: string;
  readonly tensor: WeightTensor;
}

/** An IR node before it has a name and inputs: the op, its attributes, and optional descriptive fields. */
export type NodeDraft = { [K in OpType]: { readonly op: K; readonly attributes: OpAttributes[K] } }[OpType];

/** Everything the per-op importers share while one model is read, node by node. */
export class ImportContext {
  readonly nodes: GraphNode[] = [];
  readonly parameters = new Map<string, WeightTensor>();
  private readonly shapes = new Map<string, Shape>();
  private readonly sources = new Map<string, ValueSource>();
  private readonly constants = new Map<string, TensorProto>();
  private readonly prefixes = new Set<string>();
  private readonly names = new Set<string>();

  constructor(
    readonly opset: number,
    /** How many nodes read each value (to know a MatMul's output feeds only its Add). */
    readonly consumers: ReadonlyMap<string, number>,
    /** Called with each IR node as it is made; may return a replacement (the annotations' exact node). */
    private readonly finish: (node: GraphNode, onnxNode: NodeProto, inputShape: Shape) => GraphNode,
  ) {}

  /** `Conv node "conv1"`, for messages. */
  label(node: NodeProto): string {
    return `${node.opType} node "${node.name || node.output[0]}"`;
  }

  attributes(node: NodeProto): NodeAttributes {
    return new NodeAttributes(node, this.label(node));
  }

  defineInput(name: string, shape: Shape): void {
    this.shapes.set(name, shape);
    this.sources.set(name, { kind: "node", irName: name });
    this.names.add(name);
  }

  defineConstant(name: string, tensor: TensorProto): void {
    this.constants.set(name, tensor);
  }

  isConstant(name: string): boolean {
    return this.constants.has(name);
  }

  /** A constant float32 input (weights), or a one-line refusal naming the node. */
  floatConstant(node: NodeProto, inputIndex: number, role: string): WeightTensor {
    const name = node.input[inputIndex];
    const tensor = name === undefined || name === "" ? undefined : this.constants.get(name);
    if (tensor === undefined) {
      throw new OnnxError(`${this.label(node)}: its ${role} (input ${inputIndex}${name ? `, "${name}"` : ""}) must be an initializer or constant, since the IR's layers own their weights`);
    }
    return readFloatTensor(tensor, `${this.label(node)}'s ${role} "${name}"`);
  }

  /** An optional constant input as integers, undefined when the input is left out. */
  integerConstant(node: NodeProto, inputIndex: number, role: string): number[] | undefined {
    const name = node.input[inputIndex];
    if (name === undefined || name === "") return undefined;
    const tensor = this.constants.get(name);
    if (tensor === undefined) throw new OnnxError(`${this.label(node)}: its ${role} "${name}" must be a constant (computed shapes are not imported)`);
    return readIntegerTensor(tensor, `${this.label(node)}'s ${role} "${name}"`);
  }

  /** The source of a node's data input, padded values included. */
  source(node: NodeProto, inputIndex = 0): ValueSource {
    const name = node.input[inputIndex];
    const source = this.sources.get(name);
    if (source === undefined) {
      const why = this.constants.has(name) ? "is a constant, but the IR's layers read an image or an earlier layer" : "is produced by no node before it";
      throw new OnnxError(`${this.label(node)}: its input "${name}" ${why}`);
    }
    return source;
  }

  /** The IR node a data input comes from; a pending Pad there is refused (only a Conv folds one). */
  producer(node: NodeProto, inputIndex = 0): string {
    const source = this.source(node, inputIndex);
    if (source.kind === "padded") {
      throw new OnnxError(`${source.label}: zero padding is imported only where a Conv reads it, but ${this.label(node)} does (the IR has no standalone pad op)`);
    }
    return source.irName;
  }

  shapeOf(irName: string): Shape {
    return this.shapes.get(irName)!;
  }

  /** The shape of a node's data input (a pending Pad's source shape for a padded one). */
  inputShape(node: NodeProto, inputIndex = 0): Shape {
    const source = this.source(node, inputIndex);
    return source.kind === "padded" ? this.inputShapeOfValue(source.source) : this.shapeOf(source.irName);
  }

  private inputShapeOfValue(valueName: string): Shape {
    const source = this.sources.get(valueName)!;
    return source.kind === "padded" ? this.inputShapeOfValue(source.source) : this.shapeOf(source.irName);
  }

  /** The node's output reads the same as its input (Identity, a Reshape to the same shape). */
  alias(node: NodeProto, inputIndex = 0): void {
    this.sources.set(node.output[0], this.source(node, inputIndex));
  }

  /** Records a zero Pad for the Conv that reads it. */
  pad(node: NodeProto, padding: readonly [number, number, number, number]): void {
    this.producer(node);
    this.sources.set(node.output[0], { kind: "padded", source: node.input[0], padding, label: this.label(node) });
  }

  /** Refuses a node whose outputs after the first are read (MaxPool's indices, Dropout's mask). */
  requireSingleOutput(node: NodeProto, what: string): void {
    if (node.output.slice(1).some((name) => name !== "" && (this.consumers.get(name) ?? 0) > 0)) {
      throw new OnnxError(`${this.label(node)}: its ${what} output is read by another node, which the IR does not produce`);
    }
  }

  /** Adds an IR node reading `inputName` (an IR name), with its parameters, named after the ONNX node. */
  emit(node: NodeProto, inputName: string, draft: NodeDraft, weights: Readonly<Record<string, ImportedWeight>> = {}): GraphNode {
    const name = this.uniqueName(node.name || node.output[0]);
    const prefix = this.parameterPrefix(name, weights);
    let made = { name, op: draft.op, inputs: [inputName], attributes: draft.attributes, ...(prefix === name ? {} : { parameterPrefix: prefix }) } as GraphNode;
    if (node.docString !== "") made = { ...made, comment: node.docString };
    const inputShape = this.shapeOf(inputName);
    made = this.finish(made, node, inputShape);
    const outputShape = this.outputShape(node, made, inputShape);
    for (const [localName, weight] of Object.entries(weights)) this.parameters.set(`${made.parameterPrefix ?? made.name}.${localName}`, weight.tensor);
    this.prefixes.add(made.parameterPrefix ?? made.name);
    this.nodes.push(made);
    this.shapes.set(made.name, outputShape);
    this.sources.set(node.output[0], { kind: "node", irName: made.name });
    return made;
  }

  /** Replaces an emitted node (a MatMul's linear layer gaining the bias of the Add after it). */
  replace(irName: string, node: GraphNode, weights: Readonly<Record<string, WeightTensor>>, aliasOutput: string): void {
    const index = this.nodes.findIndex((candidate) => candidate.name === irName);
    this.nodes[index] = node;
    for (const [localName, tensor] of Object.entries(weights)) this.parameters.set(`${node.parameterPrefix ?? node.name}.${localName}`, tensor);
    this.sources.set(aliasOutput, { kind: "node", irName });
  }

  private outputShape(onnxNode: NodeProto, node: GraphNode, inputShape: Shape): Shape {
    const definition = opDefinitions[node.op] as (typeof opDefinitions)[OpType];
    try {
      return definition.outputShape([inputShape], node.attributes as never);
    } catch (error) {
      if (error instanceof ShapeMismatch) throw new OnnxError(`${this.label(onnxNode)} (imported as ${node.op}) ${error.message}`);
      throw error;
    }
  }

  private uniqueName(wanted: string): string {
    let name = wanted;
    for (let suffix = 2; this.names.has(name); suffix++) name = `${wanted}_${suffix}`;
    this.names.add(name);
    return name;
  }

  /** The weights' common prefix when they are named "<prefix>.<local>" (PyTorch's state_dict names), else the node's name. */
  private parameterPrefix(name: string, weights: Readonly<Record<string, ImportedWeight>>): string {
    const entries = Object.entries(weights);
    if (entries.length === 0) return name;
    const [firstLocal, first] = entries[0];
    const suffix = `.${firstLocal}`;
    if (!first.sourceName.endsWith(suffix)) return name;
    const prefix = first.sourceName.slice(0, -suffix.length);
    const consistent = entries.every(([localName, weight]) => weight.sourceName === `${prefix}.${localName}`);
    return consistent && prefix !== "" && !this.prefixes.has(prefix) ? prefix : name;
  }
}
