import { GraphError } from "./errors.js";
import { ShapeMismatch, type Initializer, type ParameterSpec } from "./op.js";
import { opDefinitions, type OpAttributes, type OpType } from "./ops/index.js";
import { elementCount, formatDimensions, type Shape } from "./shape.js";

/** The version of the graph JSON format this package reads and writes. */
export const graphFormatVersion = 1;

interface NodeBase<K extends OpType> {
  /** Unique within the graph: conv1, lrn1, pool1, … */
  readonly name: string;
  readonly op: K;
  /** Names of the nodes (or the graph input) this node reads. */
  readonly inputs: readonly string[];
  readonly attributes: OpAttributes[K];
  /** One line on what the layer is and why it is there. */
  readonly comment?: string;
  /**
   * Prefix of the node's parameter names, "<prefix>.weight". Defaults to the node's name;
   * torchvision's variant uses PyTorch's state_dict prefixes ("features.0").
   */
  readonly parameterPrefix?: string;
  /** Initializers that replace the op's defaults, by local parameter name ("weight", "bias"). */
  readonly initializers?: Readonly<Record<string, Initializer>>;
  /**
   * The PyTorch original applies this as a function (F.log_softmax, torch.flatten), not a module,
   * so torchsummary does not list it.
   */
  readonly functional?: boolean;
}

/** A node of the graph: one op applied to named inputs. */
export type GraphNode = { [K in OpType]: NodeBase<K> }[OpType];

/** A model: named nodes in execution order, reading a single image input. */
export interface Graph {
  readonly formatVersion: typeof graphFormatVersion;
  readonly name: string;
  readonly input: {
    readonly name: string;
    /** [channels, height, width] — the batch dimension is chosen when the graph runs. */
    readonly shape: readonly number[];
  };
  readonly nodes: readonly GraphNode[];
  /** The node whose output is the model's output. */
  readonly output: string;
  /** Names of the model's classes, when known (for printing predictions). */
  readonly classNames?: readonly string[];
  /** A hint appended to shape errors, for example "AlexNet's arithmetic needs a 227×227 input". */
  readonly inputHint?: string;
}

/** A parameter with its full name, as it is stored in checkpoints. */
export interface NamedParameter extends ParameterSpec {
  /** "<prefix>.<name>", for example "conv1.weight" or "features.0.weight". */
  readonly fullName: string;
  /** The node that owns it. */
  readonly nodeName: string;
}

/** What the IR knows about one node once shapes are inferred. */
export interface AnalyzedNode {
  readonly node: GraphNode;
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape;
  readonly parameters: readonly NamedParameter[];
  readonly multiplyAccumulates: number;
}

/** A graph with every shape, parameter and count worked out, for one batch size. */
export interface AnalyzedGraph {
  readonly graph: Graph;
  readonly batch: number;
  readonly inputShape: Shape;
  readonly nodes: readonly AnalyzedNode[];
  readonly outputShape: Shape;
  readonly parameters: readonly NamedParameter[];
}

/**
 * Infers every node's shapes and parameters, validating the graph on the way.
 * Throws a GraphError whose one-line message names the node and the mismatch.
 */
export function analyzeGraph(graph: Graph, options: { batch?: number } = {}): AnalyzedGraph {
  const batch = options.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new GraphError(`batch must be a positive whole number, but is ${batch}`);
  if (graph.formatVersion !== graphFormatVersion) {
    throw new GraphError(`graph format version ${String(graph.formatVersion)} is not supported; this version reads ${graphFormatVersion}`);
  }
  const inputShape: Shape = [batch, ...graph.input.shape];
  if (graph.input.shape.some((dimension) => !Number.isInteger(dimension) || dimension < 1)) {
    throw new GraphError(`input shape [${graph.input.shape.join(", ")}] must be positive whole numbers`);
  }
  const shapes = new Map<string, Shape>([[graph.input.name, inputShape]]);
  const producers = new Map<string, GraphNode>();
  const parameterNames = new Set<string>();
  const analyzed: AnalyzedNode[] = [];
  const parameters: NamedParameter[] = [];

  for (const node of graph.nodes) {
    if (shapes.has(node.name)) throw new GraphError(`node name "${node.name}" is used twice`, node.name);
    const definition = opDefinitions[node.op] as (typeof opDefinitions)[OpType] | undefined;
    if (definition === undefined) throw new GraphError(`${node.name} has unknown op "${String(node.op)}"`, node.name);
    const inputShapes = node.inputs.map((inputName) => {
      const shape = shapes.get(inputName);
      if (shape === undefined) {
        throw new GraphError(`${node.name} reads "${inputName}", which is neither the graph input nor an earlier node`, node.name);
      }
      return shape;
    });
    const call = <T>(compute: () => T): T => {
      try {
        return compute();
      } catch (error) {
        if (error instanceof ShapeMismatch) throw new GraphError(describeMismatch(graph, node, error.message, producers, shapes), node.name);
        throw error;
      }
    };
    const attributes = node.attributes as never;
    const outputShape = call(() => definition.outputShape(inputShapes, attributes));
    const specs = call(() => definition.parameters(inputShapes, attributes));
    const multiplyAccumulates = call(() => definition.multiplyAccumulates(inputShapes, attributes));
    const prefix = node.parameterPrefix ?? node.name;
    const named = specs.map((spec): NamedParameter => {
      const fullName = `${prefix}.${spec.name}`;
      if (parameterNames.has(fullName)) throw new GraphError(`${node.name}'s parameter "${fullName}" is already used by another node`, node.name);
      parameterNames.add(fullName);
      const initializer = node.initializers?.[spec.name] ?? spec.initializer;
      return { ...spec, initializer, fullName, nodeName: node.name };
    });
    shapes.set(node.name, outputShape);
    producers.set(node.name, node);
    parameters.push(...named);
    analyzed.push({ node, inputShapes, outputShape, parameters: named, multiplyAccumulates });
  }
  const outputShape = shapes.get(graph.output);
  if (outputShape === undefined) throw new GraphError(`graph output "${graph.output}" is not a node of the graph`);
  return { graph, batch, inputShape, nodes: analyzed, outputShape, parameters };
}

/**
 * Turns an op's mismatch into a sentence naming the node and, for a fully connected layer
 * behind a flatten, the layer whose 3-D output was flattened:
 * "fc6 expects 9216 input features, but pool5 gives 256×5×5 = 6400: AlexNet's arithmetic needs a 227×227 input".
 */
function describeMismatch(
  graph: Graph,
  node: GraphNode,
  mismatch: string,
  producers: ReadonlyMap<string, GraphNode>,
  shapes: ReadonlyMap<string, Shape>,
): string {
  let message = `${node.name} ${mismatch}`;
  if (node.op === "linear" && node.attributes.inFeatures !== undefined) {
    const source = findUnflattenedSource(node.inputs[0], producers, shapes);
    if (source !== undefined) {
      const dimensions = source.shape.slice(1);
      message = `${node.name} expects ${node.attributes.inFeatures} input features, but ${source.name} gives ${formatDimensions(dimensions)} = ${elementCount(dimensions)}`;
    }
  }
  return graph.inputHint === undefined ? message : `${message}: ${graph.inputHint}`;
}

/** Walks back through flatten and shape-preserving nodes to the last node with an image-shaped output. */
function findUnflattenedSource(
  name: string,
  producers: ReadonlyMap<string, GraphNode>,
  shapes: ReadonlyMap<string, Shape>,
): { name: string; shape: Shape } | undefined {
  let current = name;
  for (;;) {
    const shape = shapes.get(current);
    if (shape === undefined) return undefined;
    if (shape.length > 2) return { name: current, shape };
    const producer = producers.get(current);
    if (producer === undefined || producer.inputs.length !== 1) return undefined;
    if (producer.op !== "flatten" && !opDefinitions[producer.op].preservesShape) return undefined;
    current = producer.inputs[0];
  }
}

/** The node with this name, or a GraphError. */
export function findNode(graph: Graph, name: string): GraphNode {
  const node = graph.nodes.find((candidate) => candidate.name === name);
  if (node === undefined) throw new GraphError(`graph ${graph.name} has no node named "${name}"`);
  return node;
}

/** Total parameter counts of an analyzed graph. */
export function countParameters(analyzed: AnalyzedGraph): { total: number; trainable: number; nonTrainable: number } {
  let trainable = 0;
  let nonTrainable = 0;
  for (const parameter of analyzed.parameters) {
    if (parameter.trainable) trainable += elementCount(parameter.shape);
    else nonTrainable += elementCount(parameter.shape);
  }
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}
