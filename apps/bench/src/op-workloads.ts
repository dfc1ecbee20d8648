import type { Backend, Conv2dOptions, Pool2dOptions, Tensor } from "@alexnet-ts/engine";
import { analyzeGraph, elementCount, type AnalyzedNode, type Graph, type GraphNode, type OpAttributes, type Shape } from "@alexnet-ts/ir";
import { randomValues } from "./random-data.js";
import type { PreparedWorkload } from "./runner.js";
import type { OpPass, Workload } from "./workloads.js";

/** One timed call of an op: the tensors it returns, which the runner reads back and disposes. */
type OpComputation = () => Tensor[];

/**
 * What an op's workload builder is given: the layer at its real shape, and tensors it may use that
 * live until the workload is released.
 */
interface OpWorkloadContext {
  readonly backend: Backend;
  readonly pass: OpPass | undefined;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /** A tensor of this shape filled with seeded random values (each call takes the next seed). */
  random(shape: Shape): Tensor;
  /** The layer's parameter of this local name ("weight", "bias"), random at its shape. */
  parameter(name: string): Tensor;
  /** Keeps tensors made while preparing (a forward result a backward pass reads) until release. */
  keep(...tensors: Tensor[]): void;
}

/**
 * One op of one layer at its real shape, called on the backend exactly as the engine calls it
 * (see packages/engine/src/layers): conv forward with bias and fused ReLU, the two conv
 * gradients, pools, LRN, batch norm, and the fully connected layer's three matrix multiplies.
 */
export function prepareOpWorkload(backend: Backend, graph: Graph, workload: Workload, seed: number): PreparedWorkload {
  const analyzed = analyzeGraph(graph, { batch: workload.batch }).nodes.find((node) => node.node.name === workload.layer);
  if (analyzed === undefined) throw new Error(`${graph.name} has no layer ${workload.layer}`);
  const owned: Tensor[] = [];
  const compute = opComputation(analyzed.node, workloadContext(backend, analyzed, workload, seed, owned));
  return {
    run: async () => {
      const outputs = compute();
      try {
        // Reading the first result back waits for engines that queue work.
        await backend.download(outputs[0]);
      } finally {
        for (const output of outputs) backend.dispose(output);
      }
    },
    release: () => {
      for (const tensor of owned) backend.dispose(tensor);
    },
  };
}

/** The context for one layer's workload; every tensor it makes is pushed onto `owned`. */
function workloadContext(backend: Backend, analyzed: AnalyzedNode, workload: Workload, seed: number, owned: Tensor[]): OpWorkloadContext {
  let nextSeed = seed;
  const random = (shape: Shape): Tensor => {
    const tensor = backend.upload(randomValues(elementCount(shape), (nextSeed += 1)), shape);
    owned.push(tensor);
    return tensor;
  };
  return {
    backend,
    pass: workload.pass,
    inputShape: analyzed.inputShapes[0],
    outputShape: analyzed.outputShape,
    random,
    parameter: (name) => {
      const spec = analyzed.parameters.find((candidate) => candidate.name === name);
      if (spec === undefined) throw new Error(`${workload.layer} has no ${name}`);
      return random(spec.shape);
    },
    keep: (...tensors) => {
      owned.push(...tensors);
    },
  };
}

/** Picks the op's builder; layers too cheap to time on their own have none. */
function opComputation(node: GraphNode, context: OpWorkloadContext): OpComputation {
  switch (node.op) {
    case "conv2d":
      return convolutionComputation(node.attributes, context);
    case "linear":
      return linearComputation(node.attributes, context);
    case "maxPool2d":
      return maxPoolComputation(node.attributes, context);
    case "avgPool2d":
      return averagePoolComputation(node.attributes, context);
    case "localResponseNorm":
      return localResponseNormComputation(node.attributes, context);
    case "batchNorm2d":
      return batchNormComputation(node.attributes, context);
    default:
      throw new Error(`no op-level workload for ${node.op} layers`);
  }
}

/** Conv forward (bias and fused ReLU), or its input or filter gradient. */
function convolutionComputation(attributes: OpAttributes["conv2d"], context: OpWorkloadContext): OpComputation {
  const { backend, pass, inputShape, outputShape } = context;
  const { stride, padding, dilation, groups } = attributes;
  const options: Conv2dOptions = { stride, padding, dilation, groups };
  const weight = context.parameter("weight");
  if (pass === "forward") {
    const x = context.random(inputShape);
    const bias = attributes.bias ? context.parameter("bias") : undefined;
    return () => [backend.conv2dBiasActivation(x, weight, bias, { ...options, activation: "relu" })];
  }
  const dy = context.random(outputShape);
  if (pass === "input-gradient") return () => [backend.conv2dBackwardInput(dy, weight, inputShape, options)];
  const x = context.random(inputShape);
  return () => [backend.conv2dBackwardFilter(x, dy, weight.shape, options)];
}

/** The fully connected layer's three matrix multiplies: forward (x·Wᵀ + b), input gradient, weight gradient. */
function linearComputation(attributes: OpAttributes["linear"], context: OpWorkloadContext): OpComputation {
  const { backend, pass, inputShape, outputShape } = context;
  const weight = context.parameter("weight");
  if (pass === "forward") {
    const x = context.random(inputShape);
    const bias = attributes.bias ? context.parameter("bias") : undefined;
    return () => {
      const product = backend.matmul(x, weight, { transposeA: false, transposeB: true });
      if (bias === undefined) return [product];
      const output = backend.addBias(product, bias);
      backend.dispose(product);
      return [output];
    };
  }
  const dy = context.random(outputShape);
  if (pass === "input-gradient") return () => [backend.matmul(dy, weight, { transposeA: false, transposeB: false })];
  const x = context.random(inputShape);
  return () => [backend.matmul(dy, x, { transposeA: true, transposeB: false })];
}

function poolOptions(attributes: OpAttributes["maxPool2d"]): Pool2dOptions {
  const { kernel, stride, padding, dilation, ceilMode } = attributes;
  return { kernel, stride, padding, dilation, ceilMode };
}

/** Max pooling forward, or its backward pass (which reads the forward result, made once here). */
function maxPoolComputation(attributes: OpAttributes["maxPool2d"], context: OpWorkloadContext): OpComputation {
  const { backend, pass, inputShape, outputShape } = context;
  const options = poolOptions(attributes);
  const x = context.random(inputShape);
  if (pass === "forward") return () => [backend.maxPool2d(x, options)];
  const y = backend.maxPool2d(x, options);
  context.keep(y);
  const dy = context.random(outputShape);
  return () => [backend.maxPool2dBackward(x, y, dy, options)];
}

/** Average pooling forward, or its backward pass. */
function averagePoolComputation(attributes: OpAttributes["avgPool2d"], context: OpWorkloadContext): OpComputation {
  const { backend, pass, inputShape, outputShape } = context;
  const options = { ...poolOptions(attributes), countIncludePad: attributes.countIncludePad };
  const x = context.random(inputShape);
  if (pass === "forward") return () => [backend.avgPool2d(x, options)];
  const dy = context.random(outputShape);
  return () => [backend.avgPool2dBackward(dy, inputShape, options)];
}

/** Local response normalization forward, or its backward pass (which reads the forward result). */
function localResponseNormComputation(attributes: OpAttributes["localResponseNorm"], context: OpWorkloadContext): OpComputation {
  const { backend, pass, inputShape, outputShape } = context;
  const x = context.random(inputShape);
  if (pass === "forward") return () => [backend.localResponseNorm(x, attributes)];
  const y = backend.localResponseNorm(x, attributes);
  context.keep(y);
  const dy = context.random(outputShape);
  return () => [backend.localResponseNormBackward(x, y, dy, attributes)];
}

/** Batch norm in training mode (output and batch statistics), or its backward pass. */
function batchNormComputation(attributes: OpAttributes["batchNorm2d"], context: OpWorkloadContext): OpComputation {
  const { backend, pass, inputShape, outputShape } = context;
  const { epsilon } = attributes;
  const x = context.random(inputShape);
  const weight = context.parameter("weight");
  const bias = context.parameter("bias");
  if (pass === "forward") {
    return () => {
      const result = backend.batchNorm2dTraining(x, { weight, bias, epsilon });
      return [result.output, result.mean, result.variance];
    };
  }
  const statistics = backend.batchNorm2dTraining(x, { weight, bias, epsilon });
  context.keep(statistics.output, statistics.mean, statistics.variance);
  const dy = context.random(outputShape);
  return () => {
    const gradients = backend.batchNorm2dBackward(x, dy, { mean: statistics.mean, variance: statistics.variance, weight, epsilon });
    return [gradients.input, gradients.weight, gradients.bias];
  };
}
