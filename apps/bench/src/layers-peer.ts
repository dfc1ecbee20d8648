import type { Backend } from "@alexnet-ts/engine";
import { analyzeGraph, elementCount, type Graph, type GraphNode } from "@alexnet-ts/ir";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { randomLabels, randomValues } from "./random-data.js";
import type { PreparedWorkload, WorkloadRunner } from "./runner.js";
import type { Workload } from "./workloads.js";

/**
 * The peer: the same AlexNet written directly with tfjs-layers, as a user would without this
 * project, on the tfjs engine the given backend started (tfjs has one global engine per process,
 * so the peer runs on exactly the engine that backend reports). Layers are NHWC, Keras's
 * default; ReLUs are fused into Conv2D and Dense as the Keras notebook writes them. Training is
 * `trainOnBatch` with SGD momentum 0.9 (no weight decay: tfjs-layers has none for SGD) and
 * sparse categorical cross-entropy. Only model-level workloads run on the peer.
 */
export class LayersPeerRunner implements WorkloadRunner {
  private model: tfl.Sequential | undefined;
  private compiled = false;

  constructor(
    private readonly backend: Backend,
    private readonly graph: Graph,
    private readonly seed: number,
  ) {
    if (!backend.name.startsWith("tfjs-")) throw new Error(`the tfjs-layers peer runs on a tfjs engine, not on ${backend.name}`);
  }

  engine(): string {
    return `tfjs-layers 4.22 model on ${tf.getBackend()}: ${this.backend.describe()}`;
  }

  deviceBytes(): number | undefined {
    return tf.memory().numBytes;
  }

  async prepare(workload: Workload): Promise<PreparedWorkload> {
    if (workload.kind === "op") throw new Error("op-level workloads run on backends, not on peers");
    this.model ??= buildLayersModel(this.graph);
    const model = this.model;
    const [channels, height, width] = this.graph.input.shape;
    const images = tf.tensor4d(randomValues(workload.batch * elementCount(this.graph.input.shape), this.seed + 1), [workload.batch, height, width, channels]);
    if (workload.id !== "training-step") {
      return {
        run: async () => {
          const output = model.predict(images) as tf.Tensor;
          await output.data();
          output.dispose();
        },
        release: () => images.dispose(),
      };
    }
    if (!this.compiled) {
      model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: "sparseCategoricalCrossentropy" });
      this.compiled = true;
    }
    const classes = analyzeGraph(this.graph).outputShape[1];
    const labels = tf.tensor2d(Float32Array.from(randomLabels(workload.batch, classes, this.seed + 2)), [workload.batch, 1]);
    return {
      run: async () => void (await model.trainOnBatch(images, labels)),
      release: () => {
        images.dispose();
        labels.dispose();
      },
    };
  }

  async close(): Promise<void> {
    this.model?.dispose();
    await this.backend.close?.();
  }
}

/** The graph as a tfjs-layers Sequential model; an op tfjs-layers has no layer for is a clear error. */
export function buildLayersModel(graph: Graph): tfl.Sequential {
  const [channels, height, width] = graph.input.shape;
  const model = tfl.sequential();
  const nodes = graph.nodes;
  let first = true;
  const input = (): { inputShape?: number[] } => {
    if (!first) return {};
    first = false;
    return { inputShape: [height, width, channels] };
  };
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    const fuseRelu = nodes[index + 1]?.op === "relu" && nodes[index + 1].inputs[0] === node.name;
    const activation = fuseRelu ? "relu" : "linear";
    switch (node.op) {
      case "conv2d": {
        const { outChannels, kernel, stride, padding, dilation, groups, bias } = node.attributes;
        if (groups !== 1) throw unsupported(node, "tfjs-layers' Conv2D has no channel groups");
        const padMode = convolutionPadding(kernel, stride, padding);
        if (padMode === undefined) {
          model.add(tfl.layers.zeroPadding2d({ ...input(), padding: [[padding[0], padding[2]], [padding[1], padding[3]]] }));
        }
        model.add(
          tfl.layers.conv2d({ ...input(), filters: outChannels, kernelSize: [...kernel], strides: [...stride], dilationRate: [...dilation], padding: padMode ?? "valid", useBias: bias, activation }),
        );
        if (fuseRelu) index += 1;
        break;
      }
      case "linear":
        model.add(tfl.layers.dense({ ...input(), units: node.attributes.outFeatures, useBias: node.attributes.bias, activation }));
        if (fuseRelu) index += 1;
        break;
      case "relu":
        model.add(tfl.layers.reLU(input()));
        break;
      case "maxPool2d": {
        const { kernel, stride, padding, ceilMode } = node.attributes;
        if (padding.some((value) => value !== 0) || ceilMode) throw unsupported(node, "padded or ceil-mode pooling is not written here");
        model.add(tfl.layers.maxPooling2d({ ...input(), poolSize: [...kernel], strides: [...stride], padding: "valid" }));
        break;
      }
      case "batchNorm2d":
        // The IR's momentum weighs the batch (PyTorch's); Keras's weighs the running value.
        model.add(tfl.layers.batchNormalization({ ...input(), axis: -1, epsilon: node.attributes.epsilon, momentum: 1 - node.attributes.momentum }));
        break;
      case "flatten":
        model.add(tfl.layers.flatten(input()));
        break;
      case "dropout":
        model.add(tfl.layers.dropout({ ...input(), rate: node.attributes.rate }));
        break;
      case "softmax":
        model.add(tfl.layers.activation({ ...input(), activation: "softmax" }));
        break;
      default:
        throw unsupported(node, `tfjs-layers has no ready layer for ${node.op}`);
    }
  }
  if (nodes.at(-1)?.op !== "softmax") model.add(tfl.layers.activation({ activation: "softmax" }));
  return model;
}

/** Keras's "valid" or "same" for this convolution's padding, or undefined when neither matches. */
function convolutionPadding(
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly [number, number, number, number],
): "valid" | "same" | undefined {
  if (padding.every((value) => value === 0)) return "valid";
  const same = stride[0] === 1 && stride[1] === 1 && kernel.every((size) => size % 2 === 1);
  if (same && padding[0] === (kernel[0] - 1) / 2 && padding[2] === padding[0] && padding[1] === (kernel[1] - 1) / 2 && padding[3] === padding[1]) return "same";
  return undefined;
}

function unsupported(node: GraphNode, why: string): Error {
  return new Error(`the tfjs-layers peer cannot build ${node.name}: ${why}`);
}
