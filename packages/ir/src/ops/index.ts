import type { OpDefinition } from "../op.js";
import { adaptiveAvgPool2d, type AdaptiveAvgPool2dAttributes } from "./adaptive-avg-pool2d.js";
import { avgPool2d, type AvgPool2dAttributes } from "./avg-pool2d.js";
import { batchNorm2d, type BatchNorm2dAttributes } from "./batch-norm2d.js";
import { conv2d, type Conv2dAttributes } from "./conv2d.js";
import { dropout, type DropoutAttributes } from "./dropout.js";
import { flatten, type FlattenAttributes } from "./flatten.js";
import { linear, type LinearAttributes } from "./linear.js";
import { localResponseNorm, type LocalResponseNormAttributes } from "./local-response-norm.js";
import { logSoftmax, type LogSoftmaxAttributes } from "./log-softmax.js";
import { maxPool2d, type Pool2dAttributes } from "./max-pool2d.js";
import { relu, type ReluAttributes } from "./relu.js";
import { sigmoid, type SigmoidAttributes } from "./sigmoid.js";
import { softmax, type SoftmaxAttributes } from "./softmax.js";
import { tanh, type TanhAttributes } from "./tanh.js";

/**
 * The elementwise activations, by name, with their attribute types: the ops a variant's
 * `activation` option chooses among, which the engine runs through its activation table.
 */
export interface ActivationAttributes {
  relu: ReluAttributes;
  tanh: TanhAttributes;
  sigmoid: SigmoidAttributes;
}

/** Every op the IR knows, by name, with its attribute type. */
export interface OpAttributes extends ActivationAttributes {
  conv2d: Conv2dAttributes;
  maxPool2d: Pool2dAttributes;
  avgPool2d: AvgPool2dAttributes;
  adaptiveAvgPool2d: AdaptiveAvgPool2dAttributes;
  localResponseNorm: LocalResponseNormAttributes;
  batchNorm2d: BatchNorm2dAttributes;
  dropout: DropoutAttributes;
  flatten: FlattenAttributes;
  linear: LinearAttributes;
  softmax: SoftmaxAttributes;
  logSoftmax: LogSoftmaxAttributes;
}

export type OpType = keyof OpAttributes;
export type ActivationOpType = keyof ActivationAttributes;

/** The activations' declarations, spread into `opDefinitions`. */
const activationDefinitions: { readonly [K in ActivationOpType]: OpDefinition<OpAttributes[K]> } = { relu, tanh, sigmoid };

/** Every op's declaration by name: shapes, parameters, names in summaries and ONNX, fusion. */
export const opDefinitions: { readonly [K in OpType]: OpDefinition<OpAttributes[K]> } = {
  conv2d,
  maxPool2d,
  avgPool2d,
  adaptiveAvgPool2d,
  ...activationDefinitions,
  localResponseNorm,
  batchNorm2d,
  dropout,
  flatten,
  linear,
  softmax,
  logSoftmax,
};

export const opTypes = Object.keys(opDefinitions) as OpType[];

export function isOpType(name: string): name is OpType {
  return Object.prototype.hasOwnProperty.call(opDefinitions, name);
}

/** The elementwise activations, in declaration order (relu first, the default). */
export const activationOpTypes = Object.keys(activationDefinitions) as ActivationOpType[];

export function isActivationOpType(name: string): name is ActivationOpType {
  return Object.prototype.hasOwnProperty.call(activationDefinitions, name);
}

export type {
  AdaptiveAvgPool2dAttributes,
  AvgPool2dAttributes,
  BatchNorm2dAttributes,
  Conv2dAttributes,
  DropoutAttributes,
  FlattenAttributes,
  LinearAttributes,
  LocalResponseNormAttributes,
  LogSoftmaxAttributes,
  Pool2dAttributes,
  ReluAttributes,
  SigmoidAttributes,
  SoftmaxAttributes,
  TanhAttributes,
};
export { lrnAlphaFromOnnx, lrnAlphaToOnnx } from "./local-response-norm.js";
