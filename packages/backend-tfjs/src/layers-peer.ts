/**
 * The seed-keras AlexNet written directly with tfjs-layers, as a TensorFlow.js user would write it
 * without this project (channels-last input, Keras defaults). The benchmark runs it beside our
 * backend on the same tfjs engine to measure what our layer costs.
 */
import * as tfl from "@tensorflow/tfjs-layers";

/** The choices of the seed-keras variant that change the layers' shapes. */
export interface LayersAlexNetOptions {
  /** Output classes (default 1000). */
  readonly classes?: number;
  /** Height and width of the square input (default 227, the notebook's). */
  readonly inputSize?: number;
  /** Input channels (default 3). */
  readonly inputChannels?: number;
  /** Dropout rate before the two hidden dense layers (default 0.5; 0 leaves the layers out). */
  readonly dropout?: number;
}

/**
 * The assignment's Keras notebook in tfjs-layers, layer for layer (see the seed-keras variant):
 * Conv2D 96@11×11/4 → MaxPool 3/2 → BatchNorm → Conv2D 256@5×5 same → MaxPool 3/2 → BatchNorm →
 * Conv2D 384, 384, 256 @3×3 same → MaxPool 3/2 → Flatten → Dropout → Dense 4096 → Dropout →
 * Dense 4096 → Dense classes, softmax. Input [batch, height, width, channels] (NHWC).
 */
export function buildLayersAlexNet(options: LayersAlexNetOptions = {}): tfl.Sequential {
  const classes = options.classes ?? 1000;
  const inputSize = options.inputSize ?? 227;
  const inputChannels = options.inputChannels ?? 3;
  const dropout = options.dropout ?? 0.5;
  const model = tfl.sequential({ name: "alexnet_seed_keras_layers" });
  model.add(tfl.layers.conv2d({ inputShape: [inputSize, inputSize, inputChannels], filters: 96, kernelSize: 11, strides: 4, padding: "valid", activation: "relu" }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2 }));
  model.add(tfl.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.99 }));
  model.add(tfl.layers.conv2d({ filters: 256, kernelSize: 5, padding: "same", activation: "relu" }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2 }));
  model.add(tfl.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.99 }));
  model.add(tfl.layers.conv2d({ filters: 384, kernelSize: 3, padding: "same", activation: "relu" }));
  model.add(tfl.layers.conv2d({ filters: 384, kernelSize: 3, padding: "same", activation: "relu" }));
  model.add(tfl.layers.conv2d({ filters: 256, kernelSize: 3, padding: "same", activation: "relu" }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2 }));
  model.add(tfl.layers.flatten());
  if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout }));
  model.add(tfl.layers.dense({ units: 4096, activation: "relu" }));
  if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout }));
  model.add(tfl.layers.dense({ units: 4096, activation: "relu" }));
  model.add(tfl.layers.dense({ units: classes, activation: "softmax" }));
  return model;
}
