import { analyzeGraph, type AnalyzedNode, type Graph } from "@alexnet-ts/ir";
import { BenchUsageError } from "./errors.js";

/** The model-level workloads, run through the engine (createModel, predict, trainStep). */
export const modelWorkloads = ["inference-latency", "inference-throughput", "training-step"] as const;
export type ModelWorkloadName = (typeof modelWorkloads)[number];

/** Which pass of an op an op-level workload times. */
export type OpPass = "forward" | "input-gradient" | "filter-gradient" | "weight-gradient" | "backward";

/** One thing to time: a model-level pass, or one op of one layer at its real shape. */
export interface Workload {
  /** Unique id, used in rows and messages: "training-step", "conv1.filter-gradient". */
  readonly id: string;
  readonly kind: "model" | "op";
  /** Images per timed run. */
  readonly batch: number;
  /**
   * Multiply-accumulates per timed run, from the IR's counts. Convention: a training step is
   * 3× the forward MACs (forward, input gradient, weight gradient); each gradient of a conv or
   * fully connected layer costs as many MACs as its forward pass. Pools and LRN count 0 (batch norm counts what the IR gives it).
   */
  readonly multiplyAccumulates: number;
  /** For op workloads: the layer (IR node name) and the pass. */
  readonly layer?: string;
  readonly pass?: OpPass;
}

/** The passes timed for each kind of layer; other layers (ReLU, dropout, flatten, softmax) are too cheap to list. */
const opPasses: Partial<Record<AnalyzedNode["node"]["op"], readonly OpPass[]>> = {
  conv2d: ["forward", "input-gradient", "filter-gradient"],
  linear: ["forward", "input-gradient", "weight-gradient"],
  maxPool2d: ["forward", "backward"],
  avgPool2d: ["forward", "backward"],
  localResponseNorm: ["forward", "backward"],
  batchNorm2d: ["forward", "backward"],
};

/** The op-level workloads of a graph at a batch size: every timed layer's passes, in graph order. */
export function opWorkloads(graph: Graph, batch: number): Workload[] {
  const analyzed = analyzeGraph(graph, { batch });
  return analyzed.nodes.flatMap((node) =>
    (opPasses[node.node.op] ?? []).map((pass) => ({
      id: `${node.node.name}.${pass}`,
      kind: "op" as const,
      batch,
      multiplyAccumulates: node.multiplyAccumulates,
      layer: node.node.name,
      pass,
    })),
  );
}

/** The model-level workload of this name. */
export function modelWorkload(graph: Graph, name: ModelWorkloadName, batch: number): Workload {
  const images = name === "inference-latency" ? 1 : batch;
  const forward = analyzeGraph(graph, { batch: images }).nodes.reduce((total, node) => total + node.multiplyAccumulates, 0);
  return { id: name, kind: "model", batch: images, multiplyAccumulates: name === "training-step" ? 3 * forward : forward };
}

/** What `--workload` accepts besides layer names. */
export const workloadGroups = ["model", "ops", ...modelWorkloads] as const;

/**
 * Expands a `--workload` list ("model", "ops", a model workload, or a layer name such as conv1,
 * pool1, lrn1, fc6) into workloads, in the order given, without duplicates.
 */
export function selectWorkloads(graph: Graph, selection: readonly string[], batch: number): Workload[] {
  const ops = opWorkloads(graph, batch);
  const layers = [...new Set(ops.map((workload) => workload.layer!))];
  const chosen: Workload[] = [];
  const add = (workload: Workload): void => {
    if (!chosen.some((known) => known.id === workload.id)) chosen.push(workload);
  };
  for (const name of selection) {
    if (name === "model") for (const model of modelWorkloads) add(modelWorkload(graph, model, batch));
    else if (name === "ops") ops.forEach(add);
    else if ((modelWorkloads as readonly string[]).includes(name)) add(modelWorkload(graph, name as ModelWorkloadName, batch));
    else if (layers.includes(name)) ops.filter((workload) => workload.layer === name).forEach(add);
    else {
      throw new BenchUsageError(
        `unknown workload "${name}"; choose from ${workloadGroups.join(", ")} or a layer of ${graph.name}: ${layers.join(", ")}`,
      );
    }
  }
  return chosen;
}
