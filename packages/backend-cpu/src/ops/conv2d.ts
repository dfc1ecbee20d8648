import type { Conv2dOptions, Tensor } from "@alexnet-ts/engine";
import { convolveInto } from "../convolution.js";
import { convGeometry } from "../geometry.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** 2-D convolution without bias: im2col and the shared matrix multiply. */
export function conv2d(store: TensorStore, x: Tensor, filter: Tensor, options: Conv2dOptions): CpuTensor {
  const input = store.read("conv2d", x, "x");
  const weights = store.read("conv2d", filter, "filter");
  const geometry = convGeometry("conv2d", input.shape, weights.shape, options);
  const output = store.createUninitialized([geometry.batch, geometry.outChannels, geometry.outputHeight, geometry.outputWidth]);
  convolveInto(geometry, input.values, weights.values, output.values);
  return output;
}
