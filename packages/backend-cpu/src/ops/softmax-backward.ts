import type { Tensor } from "@alexnet-ts/engine";
import { lastAxisRows } from "../rows.js";
import { requireSameShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Softmax's gradient from its output: y · (dy − Σ dy·y) per row. */
export function softmaxBackward(store: TensorStore, y: Tensor, dy: Tensor): CpuTensor {
  const output = store.read("softmaxBackward", y, "y");
  const gradient = store.read("softmaxBackward", dy, "dy");
  requireSameShape("softmaxBackward", gradient.shape, "dy", output.shape, "y");
  const [rows, length] = lastAxisRows("softmaxBackward", output.shape, "y");
  const result = store.createUninitialized(output.shape);
  const yValues = output.values;
  const dyValues = gradient.values;
  const dx = result.values;
  for (let row = 0; row < rows; row++) {
    const start = row * length;
    const end = start + length;
    let dot = 0;
    for (let index = start; index < end; index++) dot += dyValues[index] * yValues[index];
    for (let index = start; index < end; index++) dx[index] = yValues[index] * (dyValues[index] - dot);
  }
  return result;
}
