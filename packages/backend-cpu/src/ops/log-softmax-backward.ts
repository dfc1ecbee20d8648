import type { Tensor } from "@alexnet-ts/engine";
import { lastAxisRows } from "../rows.js";
import { requireSameShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Log-softmax's gradient from its output: dy − exp(y) · Σ dy per row. */
export function logSoftmaxBackward(store: TensorStore, y: Tensor, dy: Tensor): CpuTensor {
  const output = store.read("logSoftmaxBackward", y, "y");
  const gradient = store.read("logSoftmaxBackward", dy, "dy");
  requireSameShape("logSoftmaxBackward", gradient.shape, "dy", output.shape, "y");
  const [rows, length] = lastAxisRows("logSoftmaxBackward", output.shape, "y");
  const result = store.createUninitialized(output.shape);
  const yValues = output.values;
  const dyValues = gradient.values;
  const dx = result.values;
  for (let row = 0; row < rows; row++) {
    const start = row * length;
    const end = start + length;
    let sum = 0;
    for (let index = start; index < end; index++) sum += dyValues[index];
    for (let index = start; index < end; index++) dx[index] = dyValues[index] - Math.exp(yValues[index]) * sum;
  }
  return result;
}
