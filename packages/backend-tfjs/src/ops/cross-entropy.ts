import type { CrossEntropyResult } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";

/** Mean cross-entropy of logits against labels, with its gradient (softmax − onehot) / N. */
export function crossEntropyWithLogits(runtime: TfjsRuntime, logits: TfjsTensor, labels: Int32Array): CrossEntropyResult<TfjsTensor> {
  if (logits.shape.length !== 2) throw new Error(`${runtime.backendName}: cross-entropy takes [N, K] logits, not [${logits.shape}]`);
  const [batch, classes] = logits.shape;
  if (labels.length !== batch) throw new Error(`${runtime.backendName}: ${labels.length} labels for a batch of ${batch}`);
  for (const label of labels) {
    if (!(label >= 0 && label < classes)) throw new Error(`${runtime.backendName}: label ${label} is not a class index in [0, ${classes})`);
  }
  const values = runtime.plain(logits);
  // The one-hot matrix is made on the host: wasm's OneHot kernel ignores the float32 dtype.
  const onehotValues = new Float32Array(batch * classes);
  labels.forEach((label, row) => (onehotValues[row * classes + label] = 1));
  const [loss, gradient] = tf.tidy(() => {
    const logProbabilities = tf.logSoftmax(values);
    const onehot = tf.tensor2d(onehotValues, [batch, classes], "float32");
    const loss = tf.div(tf.neg(tf.sum(tf.mul(onehot, logProbabilities))), batch);
    return [loss, tf.div(tf.sub(tf.exp(logProbabilities), onehot), batch)];
  });
  return { loss: runtime.wrap(loss, []), gradient: runtime.wrap(gradient, logits.shape) };
}
