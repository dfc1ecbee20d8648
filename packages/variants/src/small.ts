import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import { addActivation, paperInitializers } from "./layers.js";
import { poolWindow, resolveOptions, type ResolvedVariantOptions, type VariantOptions } from "./options.js";

export const smallDefaults: ResolvedVariantOptions = {
  classes: 10,
  inputSize: 28,
  inputChannels: 1,
  activation: "relu",
  normalization: "lrn",
  pooling: "overlapping",
  dropout: 0.5,
};

/**
 * AlexNet shrunk for 28×28 (MNIST) or 32×32 (CIFAR-10) images, keeping every ingredient of the
 * paper — ReLU, LRN, overlapping pooling, grouped convolutions, dropout — at 1/8 of the width
 * (32-64-96-96-64 channels, 512-unit hidden layers), so it trains on a CPU in minutes.
 * Initialization differs from the paper: weights from N(0, 0.05) (N(0, 0.01) is too small for so
 * narrow a network to start learning quickly), biases 0 — see the training recipe.
 */
export function buildSmall(options: VariantOptions = {}): Graph {
  const settings = resolveOptions(smallDefaults, options);
  const pool = poolWindow(settings.pooling);
  const builder = new GraphBuilder("alexnet-small", [settings.inputChannels, settings.inputSize, settings.inputSize], {
    inputHint: "the small variant needs an input of at least 15×15",
  });
  const initializers = { ...paperInitializers(0), weight: { kind: "normal", mean: 0, standardDeviation: 0.05 } } as const;
  const normalize = (index: number): void => {
    if (settings.normalization === "lrn") builder.localResponseNorm(`lrn${index}`, { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }, "local response normalization, as in the paper");
    else if (settings.normalization === "batchnorm") builder.batchNorm2d(`bn${index}`, {}, "batch normalization (ablation)");
  };

  builder.conv2d("conv1", { outChannels: 32, kernel: 5, padding: 2 }, { comment: "32 kernels of 5×5: stride 1, since a 28×28 image has no pixels to spare", initializers });
  addActivation(builder, settings, "relu1", "ReLU");
  normalize(1);
  builder.maxPool2d("pool1", pool, "overlapping max pooling: 28×28 to 13×13");
  builder.conv2d("conv2", { outChannels: 64, kernel: 5, padding: 2, groups: 2 }, { comment: "64 kernels of 5×5 in 2 groups, the paper's two-GPU split", initializers });
  addActivation(builder, settings, "relu2", "ReLU");
  normalize(2);
  builder.maxPool2d("pool2", pool, "overlapping max pooling: 13×13 to 6×6");
  builder.conv2d("conv3", { outChannels: 96, kernel: 3, padding: 1 }, { comment: "96 kernels of 3×3 over all channels", initializers });
  addActivation(builder, settings, "relu3", "ReLU");
  builder.conv2d("conv4", { outChannels: 96, kernel: 3, padding: 1, groups: 2 }, { comment: "96 kernels of 3×3 in 2 groups", initializers });
  addActivation(builder, settings, "relu4", "ReLU");
  builder.conv2d("conv5", { outChannels: 64, kernel: 3, padding: 1, groups: 2 }, { comment: "64 kernels of 3×3 in 2 groups", initializers });
  addActivation(builder, settings, "relu5", "ReLU");
  builder.maxPool2d("pool5", pool, "overlapping max pooling: 6×6 to 2×2");
  builder.flatten("flatten", "feature maps into one vector per image");
  if (settings.dropout > 0) builder.dropout("dropout6", settings.dropout, "dropout before the first hidden layer");
  builder.linear("fc6", { outFeatures: 512 }, { comment: "512 fully connected units", initializers });
  addActivation(builder, settings, "relu6", "ReLU");
  if (settings.dropout > 0) builder.dropout("dropout7", settings.dropout, "dropout before the second hidden layer");
  builder.linear("fc7", { outFeatures: 512 }, { comment: "512 fully connected units", initializers });
  addActivation(builder, settings, "relu7", "ReLU");
  builder.linear("fc8", { outFeatures: settings.classes }, { comment: "one score per class", initializers });
  builder.softmax("softmax", "softmax over the classes");
  return builder.build();
}
