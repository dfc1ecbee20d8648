import type { Tensor } from "@alexnet-ts/engine";
import { lastAxisRows } from "../rows.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Softmax over the last axis, shifted by each row's maximum so exp never overflows. */
export function softmax(store: TensorStore, x: Tensor): CpuTensor {
  const input = store.read("softmax", x, "x");
  const [rows, length] = lastAxisRows("softmax", input.shape, "x");
  const output = store.createUninitialized(input.shape);
  const source = input.values;
  const target = output.values;
  for (let row = 0; row < rows; row++) {
    const start = row * length;
    const end = start + length;
    let maximum = -Infinity;
    for (let index = start; index < end; index++) if (source[index] > maximum) maximum = source[index];
    let sum = 0;
    for (let index = start; index < end; index++) sum += Math.exp(source[index] - maximum);
    for (let index = start; index < end; index++) target[index] = Math.exp(source[index] - maximum) / sum;
  }
  return output;
}
