import type { Backend, Conv2dOptions, Pool2dOptions, Tensor } from "@alexnet-ts/engine";
import { analyzeGraph, elementCount, type Graph } from "@alexnet-ts/ir";
import { randomValues } from "./random-data.js";
import type { PreparedWorkload } from "./runner.js";
import type { Workload } from "./workloads.js";

/**
 * One op of one layer at its real shape, called on the backend exactly as the engine calls it
 * (see packages/engine/src/layers): conv forward with bias and fused ReLU, the two conv
 * gradients, pools, LRN, batch norm, and the fully connected layer's three matrix multiplies.
 */
export function prepareOpWorkload(backend: Backend, graph: Graph, workload: Workload, seed: number): PreparedWorkload {
  const analyzed = analyzeGraph(graph, { batch: workload.batch }).nodes.find((node) => node.node.name === workload.layer);
  if (analyzed === undefined) throw new Error(`${graph.name} has no layer ${workload.layer}`);
  const inputShape = analyzed.inputShapes[0];
  const outputShape = analyzed.outputShape;
  const owned: Tensor[] = [];
  let nextSeed = seed;
  const random = (shape: readonly number[]): Tensor => {
    const tensor = backend.upload(randomValues(elementCount(shape), (nextSeed += 1)), shape);
    owned.push(tensor);
    return tensor;
  };
  const parameter = (name: string): Tensor => {
    const spec = analyzed.parameters.find((candidate) => candidate.name === name);
    if (spec === undefined) throw new Error(`${workload.layer} has no ${name}`);
    return random(spec.shape);
  };
  const compute = operation();
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

  function operation(): () => Tensor[] {
    const node = analyzed!.node;
    const pass = workload.pass;
    switch (node.op) {
      case "conv2d": {
        const { stride, padding, dilation, groups } = node.attributes;
        const options: Conv2dOptions = { stride, padding, dilation, groups };
        const weight = parameter("weight");
        if (pass === "forward") {
          const x = random(inputShape);
          const bias = node.attributes.bias ? parameter("bias") : undefined;
          return () => [backend.conv2dBiasActivation(x, weight, bias, { ...options, activation: "relu" })];
        }
        const dy = random(outputShape);
        if (pass === "input-gradient") return () => [backend.conv2dBackwardInput(dy, weight, inputShape, options)];
        const x = random(inputShape);
        return () => [backend.conv2dBackwardFilter(x, dy, weight.shape, options)];
      }
      case "linear": {
        const weight = parameter("weight");
        if (pass === "forward") {
          const x = random(inputShape);
          const bias = node.attributes.bias ? parameter("bias") : undefined;
          return () => {
            const product = backend.matmul(x, weight, { transposeA: false, transposeB: true });
            if (bias === undefined) return [product];
            const output = backend.addBias(product, bias);
            backend.dispose(product);
            return [output];
          };
        }
        const dy = random(outputShape);
        if (pass === "input-gradient") return () => [backend.matmul(dy, weight, { transposeA: false, transposeB: false })];
        const x = random(inputShape);
        return () => [backend.matmul(dy, x, { transposeA: true, transposeB: false })];
      }
      case "maxPool2d":
      case "avgPool2d": {
        const { kernel, stride, padding, dilation, ceilMode } = node.attributes;
        const options: Pool2dOptions = { kernel, stride, padding, dilation, ceilMode };
        const x = random(inputShape);
        if (node.op === "avgPool2d") {
          const averageOptions = { ...options, countIncludePad: node.attributes.countIncludePad };
          if (pass === "forward") return () => [backend.avgPool2d(x, averageOptions)];
          const dy = random(outputShape);
          return () => [backend.avgPool2dBackward(dy, inputShape, averageOptions)];
        }
        if (pass === "forward") return () => [backend.maxPool2d(x, options)];
        const y = backend.maxPool2d(x, options);
        owned.push(y);
        const dy = random(outputShape);
        return () => [backend.maxPool2dBackward(x, y, dy, options)];
      }
      case "localResponseNorm": {
        const options = node.attributes;
        const x = random(inputShape);
        if (pass === "forward") return () => [backend.localResponseNorm(x, options)];
        const y = backend.localResponseNorm(x, options);
        owned.push(y);
        const dy = random(outputShape);
        return () => [backend.localResponseNormBackward(x, y, dy, options)];
      }
      case "batchNorm2d": {
        const { epsilon } = node.attributes;
        const x = random(inputShape);
        const weight = parameter("weight");
        const bias = parameter("bias");
        if (pass === "forward") {
          return () => {
            const result = backend.batchNorm2dTraining(x, { weight, bias, epsilon });
            return [result.output, result.mean, result.variance];
          };
        }
        const statistics = backend.batchNorm2dTraining(x, { weight, bias, epsilon });
        owned.push(statistics.output, statistics.mean, statistics.variance);
        const dy = random(outputShape);
        return () => {
          const gradients = backend.batchNorm2dBackward(x, dy, { mean: statistics.mean, variance: statistics.variance, weight, epsilon });
          return [gradients.input, gradients.weight, gradients.bias];
        };
      }
      default:
        throw new Error(`no op-level workload for ${node.op} layers`);
    }
  }
}
