import type { Tensor } from "@alexnet-ts/engine";
import { formatShape, requireVector } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Adds bias[c] to every element of channel (or feature) c of an [N, C, …] tensor. */
export function addBias(store: TensorStore, x: Tensor, bias: Tensor): CpuTensor {
  const input = store.read("addBias", x, "x");
  const biasTensor = store.read("addBias", bias, "bias");
  if (input.shape.length < 2) throw new Error(`addBias: x must be [N, C, …] (at least 2 axes), got ${formatShape(input.shape)}`);
  const [batch, channels] = input.shape;
  requireVector("addBias", biasTensor.shape, channels, "bias");
  const inner = input.values.length / Math.max(1, batch * channels);
  const output = store.createUninitialized(input.shape);
  const source = input.values;
  const target = output.values;
  const shifts = biasTensor.values;
  let index = 0;
  for (let image = 0; image < batch; image++) {
    for (let channel = 0; channel < channels; channel++) {
      const shift = shifts[channel];
      const end = index + inner;
      for (; index < end; index++) target[index] = source[index] + shift;
    }
  }
  return output;
}
