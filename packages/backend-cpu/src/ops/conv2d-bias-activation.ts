import type { Conv2dOptions, Tensor } from "@alexnet-ts/engine";
import { convolveInto } from "../convolution.js";
import { convGeometry } from "../geometry.js";
import { requireVector } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Convolution with bias and ReLU applied to each image's output while it is still in cache. */
export function conv2dBiasActivation(
  store: TensorStore,
  x: Tensor,
  filter: Tensor,
  bias: Tensor | undefined,
  options: Conv2dOptions,
  activation: "none" | "relu",
): CpuTensor {
  const op = "conv2dBiasActivation";
  const input = store.read(op, x, "x");
  const weights = store.read(op, filter, "filter");
  const geometry = convGeometry(op, input.shape, weights.shape, options);
  let biasValues: Float32Array | undefined;
  if (bias !== undefined) {
    const biasTensor = store.read(op, bias, "bias");
    requireVector(op, biasTensor.shape, geometry.outChannels, "bias");
    biasValues = biasTensor.values;
  }
  if (activation !== "none" && activation !== "relu") throw new Error(`${op}: activation must be "none" or "relu", got ${JSON.stringify(activation)}`);
  const output = store.createUninitialized([geometry.batch, geometry.outChannels, geometry.outputHeight, geometry.outputWidth]);
  convolveInto(geometry, input.values, weights.values, output.values, { bias: biasValues, relu: activation === "relu" });
  return output;
}
