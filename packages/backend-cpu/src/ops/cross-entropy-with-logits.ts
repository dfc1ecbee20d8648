import type { CrossEntropyResult, Tensor } from "@alexnet-ts/engine";
import { formatShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Mean cross-entropy of [N, K] logits against N labels, and its gradient (softmax − onehot) / N. */
export function crossEntropyWithLogits(store: TensorStore, logits: Tensor, labels: Int32Array): CrossEntropyResult<CpuTensor> {
  const op = "crossEntropyWithLogits";
  const input = store.read(op, logits, "logits");
  if (input.shape.length !== 2) throw new Error(`${op}: logits must be [N, K], got ${formatShape(input.shape)}`);
  const [batch, classes] = input.shape;
  if (!(labels instanceof Int32Array) || labels.length !== batch) {
    throw new Error(`${op}: needs ${batch} labels (an Int32Array, one per row of logits ${formatShape(input.shape)}), got ${labels?.length ?? "none"}`);
  }
  for (let row = 0; row < batch; row++) {
    if (labels[row] < 0 || labels[row] >= classes) throw new Error(`${op}: label ${labels[row]} (row ${row}) is outside the ${classes} classes`);
  }
  const loss = store.createUninitialized([]);
  const gradient = store.createUninitialized(input.shape);
  const source = input.values;
  const target = gradient.values;
  let total = 0;
  for (let row = 0; row < batch; row++) {
    const start = row * classes;
    const end = start + classes;
    let maximum = -Infinity;
    for (let index = start; index < end; index++) if (source[index] > maximum) maximum = source[index];
    let sum = 0;
    for (let index = start; index < end; index++) sum += Math.exp(source[index] - maximum);
    const logSum = maximum + Math.log(sum);
    total += logSum - source[start + labels[row]];
    for (let index = start; index < end; index++) target[index] = Math.exp(source[index] - logSum) / batch;
    target[start + labels[row]] -= 1 / batch;
  }
  loss.values[0] = batch > 0 ? total / batch : 0;
  return { loss, gradient };
}
