import type { Tensor } from "@alexnet-ts/engine";
import { lastAxisRows } from "../rows.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Log-softmax over the last axis: x − max − log Σ exp(x − max), stable for large logits. */
export function logSoftmax(store: TensorStore, x: Tensor): CpuTensor {
  const input = store.read("logSoftmax", x, "x");
  const [rows, length] = lastAxisRows("logSoftmax", input.shape, "x");
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
    const shift = maximum + Math.log(sum);
    for (let index = start; index < end; index++) target[index] = source[index] - shift;
  }
  return output;
}
