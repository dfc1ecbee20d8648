import { formatShape, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";
import { referenceLogSoftmax } from "./log-softmax.js";

/** Mean over the batch of −log softmax(logits)[label], and its gradient (softmax − onehot) / N. */
export function referenceCrossEntropyWithLogits(logits: ReferenceTensor, labels: Int32Array): { loss: ReferenceTensor; gradient: ReferenceTensor } {
  const op = "crossEntropyWithLogits";
  requireShape(op, logits.shape.length === 2, `logits must be [N, classes], but are ${formatShape(logits.shape)}`);
  const [batch, classes] = logits.shape;
  requireShape(op, labels.length === batch, `${labels.length} labels for a batch of ${batch}`);
  for (const label of labels) requireShape(op, label >= 0 && label < classes, `label ${label} is not a class index in [0, ${classes})`);
  const logProbabilities = referenceLogSoftmax(logits);
  const gradient = referenceTensor(logits.shape);
  let total = 0;
  for (let n = 0; n < batch; n++) {
    total -= logProbabilities.data[n * classes + labels[n]];
    for (let k = 0; k < classes; k++) {
      const probability = Math.exp(logProbabilities.data[n * classes + k]);
      gradient.data[n * classes + k] = (probability - (k === labels[n] ? 1 : 0)) / batch;
    }
  }
  return { loss: referenceTensor([], [total / batch]), gradient };
}
