import { elementCount } from "../reference/index.js";
import { positiveAxis, type NodeRunner } from "./node-io.js";
import type { Tensor } from "@alexnet-ts/engine";

/** Gemm: alpha · op(A) · op(B) + beta · C. */
const gemm: NodeRunner = (io) => {
  const { backend } = io;
  const alpha = io.attribute<number>("alpha", 1);
  const beta = io.attribute<number>("beta", 1);
  const transposes = { transposeA: io.attribute<number>("transA", 0) === 1, transposeB: io.attribute<number>("transB", 0) === 1 };
  let result = io.keep(backend.matmul(io.input(0), io.input(1), transposes));
  if (alpha !== 1) result = io.keep(backend.binary("multiply", result, io.scalar(alpha)));
  if (io.present(2)) {
    let bias = io.input(2);
    if (beta !== 1) bias = io.keep(backend.binary("multiply", bias, io.scalar(beta)));
    result = io.keep(backend.binary("add", result, bias));
  }
  io.output(result);
};

const matmul: NodeRunner = (io) => io.output(io.keep(io.backend.matmul(io.input(0), io.input(1), { transposeA: false, transposeB: false })));

/**
 * Softmax and LogSoftmax over ONNX's axis. Before opset 13 the input is flattened to 2-D at `axis`
 * and normalized over the second part; from 13 on, over that one axis (moved last and back).
 */
function softmax(log: boolean): NodeRunner {
  return (io) => {
    const { backend } = io;
    const x = io.input(0);
    const rank = x.shape.length;
    const apply = (tensor: Tensor): Tensor => io.keep(log ? backend.logSoftmax(tensor) : backend.softmax(tensor));
    const axis = positiveAxis(io.attribute("axis", io.opset >= 13 ? -1 : 1), rank);
    if (io.opset < 13) {
      const flat = io.keep(backend.reshape(x, [elementCount(x.shape.slice(0, axis)), elementCount(x.shape.slice(axis))]));
      io.output(io.keep(backend.reshape(apply(flat), x.shape)));
      return;
    }
    if (axis === rank - 1) {
      io.output(apply(x));
      return;
    }
    const permutation = [...x.shape.keys()].filter((other) => other !== axis).concat(axis);
    const inverse = permutation.map((_, position) => permutation.indexOf(position));
    io.output(io.keep(backend.transpose(apply(io.keep(backend.transpose(x, permutation))), inverse)));
  };
}

/** BatchNormalization, inference or training mode (then also the running statistics). */
const batchNormalization: NodeRunner = (io) => {
  const { backend } = io;
  const [x, scale, bias, mean, variance] = [0, 1, 2, 3, 4].map((index) => io.input(index));
  const epsilon = io.attribute<number>("epsilon", 1e-5);
  if (io.attribute<number>("training_mode", 0) !== 1) {
    io.output(io.keep(backend.batchNorm2dInference(x, { mean, variance, weight: scale, bias, epsilon })));
    return;
  }
  const result = backend.batchNorm2dTraining(x, { weight: scale, bias, epsilon });
  io.output(io.keep(result.output));
  // Running statistics: input · momentum + batch statistic · (1 − momentum), the variance biased.
  const momentum = io.attribute<number>("momentum", 0.9);
  const blend = (running: Tensor, batch: Tensor): Tensor =>
    io.keep(backend.binary("add", io.keep(backend.binary("multiply", running, io.scalar(momentum))), io.keep(backend.binary("multiply", batch, io.scalar(1 - momentum)))));
  io.output(blend(mean, io.keep(result.mean)), 1);
  io.output(blend(variance, io.keep(result.variance)), 2);
};

/** The matrix products, the softmax family and batch normalization. */
export const denseRunners = {
  Gemm: gemm,
  MatMul: matmul,
  Softmax: softmax(false),
  LogSoftmax: softmax(true),
  BatchNormalization: batchNormalization,
} as const satisfies Record<string, NodeRunner>;

