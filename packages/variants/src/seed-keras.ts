import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import { addActivation, kerasDefaultInitializers } from "./layers.js";
import { poolWindow, resolveOptions, type ResolvedVariantOptions, type VariantOptions } from "./options.js";

export const seedKerasDefaults: ResolvedVariantOptions = {
  classes: 1000,
  inputSize: 227,
  inputChannels: 3,
  activation: "relu",
  normalization: "batchnorm",
  pooling: "overlapping",
  dropout: 0.5,
};

/**
 * The assignment's Keras notebook, layer for layer: Conv2D with fused ReLU, max pooling, then
 * BatchNormalization after the first two pools; Flatten, Dropout, Dense; softmax output.
 * 62,379,752 parameters (704 of them BatchNorm's non-trainable moving statistics).
 * Keras's defaults: Glorot-uniform kernels, zero biases, BatchNormalization(epsilon=1e-3, momentum=0.99).
 */
export function buildSeedKeras(options: VariantOptions = {}): Graph {
  const settings = resolveOptions(seedKerasDefaults, options);
  const pool = poolWindow(settings.pooling);
  const channels = settings.inputChannels;
  const builder = new GraphBuilder("alexnet-seed-keras", [channels, settings.inputSize, settings.inputSize], {
    inputHint: "the notebook's arithmetic needs a 227×227 input",
  });
  const convolution = (name: string, outChannels: number, inChannels: number, kernel: number, stride: number, padding: number, comment: string): void => {
    const fanIn = inChannels * kernel * kernel;
    const fanOut = outChannels * kernel * kernel;
    builder.conv2d(name, { outChannels, kernel, stride, padding }, { comment, initializers: kerasDefaultInitializers(fanIn, fanOut) });
  };
  const normalize = (index: number): void => {
    if (settings.normalization === "batchnorm") {
      builder.batchNorm2d(`bn${index}`, { epsilon: 1e-3, momentum: 0.01 }, "BatchNormalization(): the notebook's stand-in for the paper's LRN");
    } else if (settings.normalization === "lrn") {
      builder.localResponseNorm(`lrn${index}`, { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }, "local response normalization, as in the paper");
    }
  };

  convolution("conv1", 96, channels, 11, 4, 0, "Conv1: Conv2D(96, 11×11, strides 4, padding 'valid')");
  addActivation(builder, settings, "relu1", "activation='relu' of Conv1");
  builder.maxPool2d("pool1", pool, "MaxPooling2D(pool_size 3×3, strides 2): overlapping pooling");
  normalize(1);
  convolution("conv2", 256, 96, 5, 1, 2, "Conv2: Conv2D(256, 5×5, padding 'same')");
  addActivation(builder, settings, "relu2", "activation='relu' of Conv2");
  builder.maxPool2d("pool2", pool, "MaxPooling2D(3×3, strides 2)");
  normalize(2);
  convolution("conv3", 384, 256, 3, 1, 1, "Conv3: Conv2D(384, 3×3, padding 'same')");
  addActivation(builder, settings, "relu3", "activation='relu' of Conv3");
  convolution("conv4", 384, 384, 3, 1, 1, "Conv4: Conv2D(384, 3×3, padding 'same')");
  addActivation(builder, settings, "relu4", "activation='relu' of Conv4");
  convolution("conv5", 256, 384, 3, 1, 1, "Conv5: Conv2D(256, 3×3, padding 'same')");
  addActivation(builder, settings, "relu5", "activation='relu' of Conv5");
  builder.maxPool2d("pool5", pool, "MaxPooling2D(3×3, strides 2)");
  builder.flatten("flatten", "FC1: Flatten()");
  if (settings.dropout > 0) builder.dropout("dropout6", settings.dropout, "Dropout(0.5)");
  const flattened = 256 * 6 * 6;
  builder.linear("fc6", { outFeatures: 4096 }, { comment: "Dense(4096): input features inferred, as Keras does", initializers: kerasDefaultInitializers(flattened, 4096) });
  addActivation(builder, settings, "relu6", "activation='relu' of FC1");
  if (settings.dropout > 0) builder.dropout("dropout7", settings.dropout, "FC2: Dropout(0.5)");
  builder.linear("fc7", { outFeatures: 4096 }, { comment: "Dense(4096)", initializers: kerasDefaultInitializers(4096, 4096) });
  addActivation(builder, settings, "relu7", "activation='relu' of FC2");
  builder.linear("fc8", { outFeatures: settings.classes }, { comment: "Output_layer: Dense(n_classes)", initializers: kerasDefaultInitializers(4096, settings.classes) });
  builder.softmax("softmax", "activation='softmax': a probability for each of the classes");
  return builder.build();
}
