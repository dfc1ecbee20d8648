import { GraphBuilder } from "../builder.js";
import type { Graph } from "../graph.js";

/**
 * The assignment's two notebook models, written out here with the builder straight from the
 * notebook's code, so the summary tests do not depend on the alexnet package (which depends on
 * this one) and check the summaries against a second, independent transcription.
 */

/** The Keras notebook's Sequential model (Conv2D with activation='relu', softmax output). */
export function kerasNotebookModel(classes = 1000): Graph {
  return new GraphBuilder("keras-notebook", [3, 227, 227])
    .conv2d("conv1", { outChannels: 96, kernel: 11, stride: 4 })
    .relu("relu1")
    .maxPool2d("pool1", { kernel: 3, stride: 2 })
    .batchNorm2d("bn1", { epsilon: 1e-3, momentum: 0.01 })
    .conv2d("conv2", { outChannels: 256, kernel: 5, padding: 2 })
    .relu("relu2")
    .maxPool2d("pool2", { kernel: 3, stride: 2 })
    .batchNorm2d("bn2", { epsilon: 1e-3, momentum: 0.01 })
    .conv2d("conv3", { outChannels: 384, kernel: 3, padding: 1 })
    .relu("relu3")
    .conv2d("conv4", { outChannels: 384, kernel: 3, padding: 1 })
    .relu("relu4")
    .conv2d("conv5", { outChannels: 256, kernel: 3, padding: 1 })
    .relu("relu5")
    .maxPool2d("pool5", { kernel: 3, stride: 2 })
    .flatten("flatten")
    .dropout("dropout6", 0.5)
    .linear("fc6", { outFeatures: 4096 })
    .relu("relu6")
    .dropout("dropout7", 0.5)
    .linear("fc7", { outFeatures: 4096 })
    .relu("relu7")
    .linear("fc8", { outFeatures: classes })
    .softmax("softmax")
    .build();
}

/** The PyTorch notebook's nn.Module: the same layers as modules, F.log_softmax applied in forward(). */
export function torchNotebookModel(classes = 1000): Graph {
  return new GraphBuilder("torch-notebook", [3, 227, 227])
    .conv2d("conv1", { outChannels: 96, kernel: 11, stride: 4 })
    .relu("relu1")
    .maxPool2d("pool1", { kernel: 3, stride: 2 })
    .batchNorm2d("bn1")
    .conv2d("conv2", { outChannels: 256, kernel: 5, padding: 2 })
    .relu("relu2")
    .maxPool2d("pool2", { kernel: 3, stride: 2 })
    .batchNorm2d("bn2")
    .conv2d("conv3", { outChannels: 384, kernel: 3, padding: 1 })
    .relu("relu3")
    .conv2d("conv4", { outChannels: 384, kernel: 3, padding: 1 })
    .relu("relu4")
    .conv2d("conv5", { outChannels: 256, kernel: 3, padding: 1 })
    .relu("relu5")
    .maxPool2d("pool5", { kernel: 3, stride: 2 })
    .flatten("flatten")
    .dropout("dropout6", 0.5)
    .linear("fc6", { inFeatures: 9216, outFeatures: 4096 })
    .relu("relu6")
    .dropout("dropout7", 0.5)
    .linear("fc7", { inFeatures: 4096, outFeatures: 4096 })
    .relu("relu7")
    .linear("fc8", { inFeatures: 4096, outFeatures: classes })
    .logSoftmax("log_softmax", { functional: true })
    .build();
}
