import type { Backend, Tensor } from "../backend.js";
import type { CrossEntropyResult } from "../backend-options.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Mean cross-entropy of logits against integer labels, from `backend.logSoftmax` and an uploaded
 * one-hot matrix: loss = −Σ onehot·logp / N, gradient = (exp(logp) − onehot) / N.
 *
 * Shapes: logits: [N, K], labels: N class indices → loss: [], gradient: [N, K]
 */
export function crossEntropyWithLogits<T extends Tensor>(backend: Backend<T>, logits: T, labels: Int32Array): CrossEntropyResult<T> {
  if (logits.shape.length !== 2) throw new Error(`crossEntropyWithLogits: logits ${formatShape(logits.shape)} should be [N, classes]`);
  const [batch, classes] = logits.shape;
  if (labels.length !== batch) {
    throw new Error(`crossEntropyWithLogits: ${labels.length} labels for logits ${formatShape(logits.shape)}; give one label per row`);
  }
  const oneHot = new Float32Array(batch * classes);
  labels.forEach((label, row) => {
    if (!(label >= 0 && label < classes)) {
      throw new Error(`crossEntropyWithLogits: label ${label} at row ${row} is outside the ${classes} classes [0, ${classes - 1}]`);
    }
    oneHot[row * classes + label] = 1;
  });
  return withTemporaries(backend, (temporary) => {
    const targets = temporary(backend.upload(oneHot, [batch, classes]));
    const logProbabilities = temporary(backend.logSoftmax(logits));
    const picked = temporary(backend.reduce("sum", temporary(backend.binary("multiply", targets, logProbabilities)), { axes: [0, 1], keepDimensions: false }));
    const loss = backend.binary("multiply", picked, temporary(backend.fill([], -1 / batch)));
    const residual = temporary(backend.binary("subtract", temporary(backend.unary("exp", logProbabilities)), targets));
    return { loss, gradient: backend.binary("multiply", residual, temporary(backend.fill([], 1 / batch))) };
  });
}
