import type { OpType } from "@alexnet-ts/ir";
import { activationLayers } from "./activation.js";
import { batchNorm2dLayer } from "./batch-norm2d.js";
import { conv2dLayer } from "./conv2d.js";
import { dropoutLayer } from "./dropout.js";
import { flattenLayer } from "./flatten.js";
import type { LayerForward } from "./layer.js";
import { linearLayer } from "./linear.js";
import { localResponseNormLayer } from "./local-response-norm.js";
import { adaptiveAvgPool2dLayer, avgPool2dLayer, maxPool2dLayer } from "./pooling.js";
import { logSoftmaxLayer, softmaxLayer } from "./softmax.js";

/** How the engine runs each IR op, forward and backward. */
export const layers: { readonly [K in OpType]: LayerForward<K> } = {
  conv2d: conv2dLayer,
  maxPool2d: maxPool2dLayer,
  avgPool2d: avgPool2dLayer,
  adaptiveAvgPool2d: adaptiveAvgPool2dLayer,
  ...activationLayers,
  localResponseNorm: localResponseNormLayer,
  batchNorm2d: batchNorm2dLayer,
  dropout: dropoutLayer,
  flatten: flattenLayer,
  linear: linearLayer,
  softmax: softmaxLayer,
  logSoftmax: logSoftmaxLayer,
};

export type { LayerContext, LayerGradients, LayerStep } from "./layer.js";
