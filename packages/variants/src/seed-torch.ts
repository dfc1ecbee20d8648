import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import { addActivation, pytorchDefaultInitializers } from "./layers.js";
import { poolWindow, resolveOptions, type ResolvedVariantOptions, type VariantOptions } from "./options.js";

export const seedTorchDefaults: ResolvedVariantOptions = {
  classes: 1000,
  inputSize: 227,
  inputChannels: 3,
  activation: "relu",
  normalization: "batchnorm",
  pooling: "overlapping",
  dropout: 0.5,
};

/**
 * The assignment's PyTorch notebook, module for module: Conv_1 … Conv_5, FC1, FC2 and
 * Output_layer as nn.Sequential blocks, F.log_softmax applied in forward(). Parameter names
 * follow its state_dict ("Conv_1.0.weight", "FC1.2.weight"). 62,379,048 parameters as
 * torchsummary counts them (BatchNorm's running statistics are buffers, not parameters).
 * PyTorch's defaults: kaiming-uniform weights and biases, BatchNorm2d(eps=1e-5, momentum=0.1).
 */
export function buildSeedTorch(options: VariantOptions = {}): Graph {
  const settings = resolveOptions(seedTorchDefaults, options);
  const pool = poolWindow(settings.pooling);
  const channels = settings.inputChannels;
  const builder = new GraphBuilder("alexnet-seed-torch", [channels, settings.inputSize, settings.inputSize], {
    inputHint: "the notebook's arithmetic needs a 227×227 input",
  });
  const convolution = (name: string, prefix: string, outChannels: number, inChannels: number, kernel: number, stride: number, padding: number, comment: string): void => {
    builder.conv2d(
      name,
      { outChannels, kernel, stride, padding },
      { comment, parameterPrefix: prefix, initializers: pytorchDefaultInitializers(inChannels * kernel * kernel) },
    );
  };
  const normalize = (index: number, prefix: string): void => {
    if (settings.normalization === "batchnorm") {
      builder.batchNorm2d(`bn${index}`, { epsilon: 1e-5, momentum: 0.1 }, { comment: "nn.BatchNorm2d: the notebook's stand-in for the paper's LRN", parameterPrefix: prefix });
    } else if (settings.normalization === "lrn") {
      builder.localResponseNorm(`lrn${index}`, { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }, "local response normalization, as in the paper");
    }
  };

  convolution("conv1", "Conv_1.0", 96, channels, 11, 4, 0, "Conv_1: nn.Conv2d(3, 96, kernel_size=11, stride=4, padding=0)");
  addActivation(builder, settings, "relu1", "nn.ReLU()");
  builder.maxPool2d("pool1", pool, "nn.MaxPool2d(kernel_size=3, stride=2): overlapping pooling");
  normalize(1, "Conv_1.3");
  convolution("conv2", "Conv_2.0", 256, 96, 5, 1, 2, "Conv_2: nn.Conv2d(96, 256, kernel_size=5, padding=2)");
  addActivation(builder, settings, "relu2", "nn.ReLU()");
  builder.maxPool2d("pool2", pool, "nn.MaxPool2d(kernel_size=3, stride=2)");
  normalize(2, "Conv_2.3");
  convolution("conv3", "Conv_3.0", 384, 256, 3, 1, 1, "Conv_3: nn.Conv2d(256, 384, kernel_size=3, padding=1)");
  addActivation(builder, settings, "relu3", "nn.ReLU()");
  convolution("conv4", "Conv_4.0", 384, 384, 3, 1, 1, "Conv_4: nn.Conv2d(384, 384, kernel_size=3, padding=1)");
  addActivation(builder, settings, "relu4", "nn.ReLU()");
  convolution("conv5", "Conv_5.0", 256, 384, 3, 1, 1, "Conv_5: nn.Conv2d(384, 256, kernel_size=3, padding=1)");
  addActivation(builder, settings, "relu5", "nn.ReLU()");
  builder.maxPool2d("pool5", pool, "nn.MaxPool2d(kernel_size=3, stride=2)");
  builder.flatten("flatten", "FC1: nn.Flatten()");
  if (settings.dropout > 0) builder.dropout("dropout6", settings.dropout, "nn.Dropout(0.5)");
  builder.linear("fc6", { inFeatures: 9216, outFeatures: 4096 }, { comment: "nn.Linear(9216, 4096)", parameterPrefix: "FC1.2", initializers: pytorchDefaultInitializers(9216) });
  addActivation(builder, settings, "relu6", "nn.ReLU()");
  if (settings.dropout > 0) builder.dropout("dropout7", settings.dropout, "FC2: nn.Dropout(0.5)");
  builder.linear("fc7", { inFeatures: 4096, outFeatures: 4096 }, { comment: "nn.Linear(4096, 4096)", parameterPrefix: "FC2.1", initializers: pytorchDefaultInitializers(4096) });
  addActivation(builder, settings, "relu7", "nn.ReLU()");
  builder.linear("fc8", { inFeatures: 4096, outFeatures: settings.classes }, { comment: "Output_layer: nn.Linear(4096, n_classes)", parameterPrefix: "Output_layer.0", initializers: pytorchDefaultInitializers(4096) });
  builder.logSoftmax("log_softmax", { comment: "F.log_softmax in forward(): log-probabilities, a function rather than a module", functional: true });
  return builder.build();
}
