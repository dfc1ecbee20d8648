import * as tf from "@tensorflow/tfjs-core";

/** Tensors TensorFlow.js itself holds (`tf.memory().numTensors`), for leak checks beside our handle count. */
export function tfjsEngineTensorCount(): number {
  return tf.memory().numTensors;
}
