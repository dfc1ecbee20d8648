import { GraphBuilder, type Graph } from "@alexnet-ts/ir";
import { addActivation, paperInitializers } from "./layers.js";
import { poolWindow, resolveOptions, type ResolvedVariantOptions, type VariantOptions } from "./options.js";

export const paperDefaults: ResolvedVariantOptions = {
  classes: 1000,
  inputSize: 227,
  inputChannels: 3,
  activation: "relu",
  normalization: "lrn",
  pooling: "overlapping",
  dropout: 0.5,
};

/**
 * AlexNet as published (Krizhevsky, Sutskever, Hinton 2012): five convolutional and three fully
 * connected layers, 60,965,224 parameters for 1000 classes. The paper's figure says 224×224, but
 * its arithmetic (an 11×11 stride-4 first layer giving 55×55) needs 227×227.
 */
export function buildPaper(options: VariantOptions = {}): Graph {
  const settings = resolveOptions(paperDefaults, options);
  const pool = poolWindow(settings.pooling);
  const builder = new GraphBuilder("alexnet-paper", [settings.inputChannels, settings.inputSize, settings.inputSize], {
    inputHint: "AlexNet's arithmetic needs a 227×227 input",
  });

  const normalize = (index: number): void => {
    if (settings.normalization === "lrn") {
      builder.localResponseNorm(
        `lrn${index}`,
        { size: 5, alpha: 1e-4, beta: 0.75, k: 2 },
        "local response normalization across 5 neighbouring channels, after the ReLU: a lateral inhibition that cut top-1 error by 1.4% (section 3.3)",
      );
    } else if (settings.normalization === "batchnorm") {
      builder.batchNorm2d(`bn${index}`, {}, "batch normalization in place of LRN (an ablation; BatchNorm postdates the paper)");
    }
  };

  builder.conv2d(
    "conv1",
    { outChannels: 96, kernel: 11, stride: 4 },
    { comment: "96 kernels of 11×11×3 at stride 4: large receptive fields on the raw image, 55×55 outputs", initializers: paperInitializers(0) },
  );
  addActivation(builder, settings, "relu1", "ReLU: non-saturating, so deep nets train several times faster than with tanh (section 3.1)");
  normalize(1);
  builder.maxPool2d("pool1", pool, "overlapping max pooling, 3×3 windows at stride 2: 0.4% lower top-1 error than 2×2/2 and less overfitting (section 3.4)");

  builder.conv2d(
    "conv2",
    { outChannels: 256, kernel: 5, padding: 2, groups: 2 },
    { comment: "256 kernels of 5×5×48 in 2 groups: each GPU's half sees only its own 48 channels of conv1 (section 3.2)", initializers: paperInitializers(1) },
  );
  addActivation(builder, settings, "relu2", "ReLU");
  normalize(2);
  builder.maxPool2d("pool2", pool, "overlapping max pooling: 27×27 down to 13×13");

  builder.conv2d(
    "conv3",
    { outChannels: 384, kernel: 3, padding: 1 },
    { comment: "384 kernels of 3×3×256, not grouped: the one layer where the two GPUs exchange all channels", initializers: paperInitializers(0) },
  );
  addActivation(builder, settings, "relu3", "ReLU");
  builder.conv2d(
    "conv4",
    { outChannels: 384, kernel: 3, padding: 1, groups: 2 },
    { comment: "384 kernels of 3×3×192 in 2 groups (one per GPU)", initializers: paperInitializers(1) },
  );
  addActivation(builder, settings, "relu4", "ReLU");
  builder.conv2d(
    "conv5",
    { outChannels: 256, kernel: 3, padding: 1, groups: 2 },
    { comment: "256 kernels of 3×3×192 in 2 groups (one per GPU)", initializers: paperInitializers(1) },
  );
  addActivation(builder, settings, "relu5", "ReLU");
  builder.maxPool2d("pool5", pool, "overlapping max pooling: 13×13 down to 6×6, so 256×6×6 = 9216 features reach fc6");

  builder.flatten("flatten", "256×6×6 feature maps into one 9216-long vector per image");
  if (settings.dropout > 0) builder.dropout("dropout6", settings.dropout, "dropout 0.5: each hidden unit is dropped half the time, so units cannot co-adapt (section 4.2)");
  builder.linear("fc6", { inFeatures: 9216, outFeatures: 4096 }, { comment: "4096 fully connected units", initializers: paperInitializers(1) });
  addActivation(builder, settings, "relu6", "ReLU");
  if (settings.dropout > 0) builder.dropout("dropout7", settings.dropout, "dropout 0.5 again before the second hidden layer");
  builder.linear("fc7", { outFeatures: 4096 }, { comment: "4096 fully connected units", initializers: paperInitializers(1) });
  addActivation(builder, settings, "relu7", "ReLU");
  builder.linear("fc8", { outFeatures: settings.classes }, { comment: "one score per class", initializers: paperInitializers(0) });
  builder.softmax("softmax", "softmax over the classes: the paper's 1000-way output distribution");
  return builder.build();
}
