import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import { addActivation, pytorchDefaultInitializers } from "./layers.js";
import { poolWindow, resolveOptions, type ResolvedVariantOptions, type VariantOptions } from "./options.js";

export const torchvisionDefaults: ResolvedVariantOptions = {
  classes: 1000,
  inputSize: 224,
  inputChannels: 3,
  activation: "relu",
  normalization: "none",
  pooling: "overlapping",
  dropout: 0.5,
};

/**
 * torchvision.models.alexnet (from "One weird trick…", Krizhevsky 2014): 64-192-384-256-256
 * channels, no LRN, no groups, adaptive average pooling to 6×6 so any input of at least 63×63
 * works, 61,100,840 parameters. Parameter names match its state_dict ("features.0.weight",
 * "classifier.1.weight"), so converted PyTorch weights load.
 */
export function buildTorchvision(options: VariantOptions = {}): Graph {
  const settings = resolveOptions(torchvisionDefaults, options);
  const pool = poolWindow(settings.pooling);
  const builder = new GraphBuilder("alexnet-torchvision", [settings.inputChannels, settings.inputSize, settings.inputSize], {
    inputHint: "torchvision's AlexNet needs an input of at least 63×63",
  });
  // features.N indices follow torchvision's nn.Sequential; normalization layers (an ablation) shift nothing
  // because they are not in torchvision's model and carry prefixes of their own.
  const convolution = (index: number, outChannels: number, inChannels: number, kernel: number, stride: number, padding: number, comment: string): void => {
    builder.conv2d(
      `conv${[0, 3, 6, 8, 10].indexOf(index) + 1}`,
      { outChannels, kernel, stride, padding },
      { comment, parameterPrefix: `features.${index}`, initializers: pytorchDefaultInitializers(inChannels * kernel * kernel) },
    );
  };
  const normalize = (index: number): void => {
    if (settings.normalization === "lrn") builder.localResponseNorm(`lrn${index}`, { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }, "local response normalization (ablation)");
    else if (settings.normalization === "batchnorm") builder.batchNorm2d(`bn${index}`, {}, { comment: "batch normalization (ablation)", parameterPrefix: `bn${index}` });
  };
  const channels = settings.inputChannels;

  convolution(0, 64, channels, 11, 4, 2, "features.0: Conv2d(3, 64, 11, stride 4, padding 2)");
  addActivation(builder, settings, "relu1", "features.1: ReLU");
  normalize(1);
  builder.maxPool2d("pool1", pool, "features.2: MaxPool2d(3, stride 2)");
  convolution(3, 192, 64, 5, 1, 2, "features.3: Conv2d(64, 192, 5, padding 2)");
  addActivation(builder, settings, "relu2", "features.4: ReLU");
  normalize(2);
  builder.maxPool2d("pool2", pool, "features.5: MaxPool2d(3, stride 2)");
  convolution(6, 384, 192, 3, 1, 1, "features.6: Conv2d(192, 384, 3, padding 1)");
  addActivation(builder, settings, "relu3", "features.7: ReLU");
  convolution(8, 256, 384, 3, 1, 1, "features.8: Conv2d(384, 256, 3, padding 1)");
  addActivation(builder, settings, "relu4", "features.9: ReLU");
  convolution(10, 256, 256, 3, 1, 1, "features.10: Conv2d(256, 256, 3, padding 1)");
  addActivation(builder, settings, "relu5", "features.11: ReLU");
  builder.maxPool2d("pool5", pool, "features.12: MaxPool2d(3, stride 2)");
  builder.adaptiveAvgPool2d("avgpool", 6, "avgpool: AdaptiveAvgPool2d((6, 6)): any input size gives 256×6×6");
  builder.flatten("flatten", { comment: "torch.flatten(x, 1) in forward(): a function, not a module", functional: true });
  if (settings.dropout > 0) builder.dropout("dropout6", settings.dropout, "classifier.0: Dropout(0.5)");
  builder.linear("fc6", { inFeatures: 9216, outFeatures: 4096 }, { comment: "classifier.1: Linear(9216, 4096)", parameterPrefix: "classifier.1", initializers: pytorchDefaultInitializers(9216) });
  addActivation(builder, settings, "relu6", "classifier.2: ReLU");
  if (settings.dropout > 0) builder.dropout("dropout7", settings.dropout, "classifier.3: Dropout(0.5)");
  builder.linear("fc7", { inFeatures: 4096, outFeatures: 4096 }, { comment: "classifier.4: Linear(4096, 4096)", parameterPrefix: "classifier.4", initializers: pytorchDefaultInitializers(4096) });
  addActivation(builder, settings, "relu7", "classifier.5: ReLU");
  builder.linear("fc8", { inFeatures: 4096, outFeatures: settings.classes }, { comment: "classifier.6: Linear(4096, num_classes): class scores (logits)", parameterPrefix: "classifier.6", initializers: pytorchDefaultInitializers(4096) });
  return builder.build();
}
