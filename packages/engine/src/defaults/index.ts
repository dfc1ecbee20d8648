import { backendContractVersion, type Backend, type BackendImplementation, type BackendOverrides, type Tensor } from "../backend.js";
import { overridableOps } from "../op-names.js";
import { activationBackward } from "./activation-backward.js";
import { adaptiveAvgPool2d } from "./adaptive-avg-pool2d.js";
import { adaptiveAvgPool2dBackward } from "./adaptive-avg-pool2d-backward.js";
import { addBias } from "./add-bias.js";
import { avgPool2d } from "./avg-pool2d.js";
import { avgPool2dBackward } from "./avg-pool2d-backward.js";
import { batchNorm2dBackward } from "./batch-norm2d-backward.js";
import { batchNorm2dInference } from "./batch-norm2d-inference.js";
import { batchNorm2dTraining } from "./batch-norm2d-training.js";
import { conv2dBackwardFilter } from "./conv2d-backward-filter.js";
import { conv2dBackwardInput } from "./conv2d-backward-input.js";
import { conv2dBiasActivation } from "./conv2d-bias-activation.js";
import { crossEntropyWithLogits } from "./cross-entropy-with-logits.js";
import { dropoutMask } from "./dropout-mask.js";
import { fill } from "./fill.js";
import { localResponseNorm } from "./local-response-norm.js";
import { localResponseNormBackward } from "./local-response-norm-backward.js";
import { logSoftmax } from "./log-softmax.js";
import { logSoftmaxBackward } from "./log-softmax-backward.js";
import { maxPool2dBackward } from "./max-pool2d-backward.js";
import { sgdUpdate } from "./sgd-update.js";
import { softmax } from "./softmax.js";
import { softmaxBackward } from "./softmax-backward.js";

/**
 * The defaulted ops, each composed from other ops of `backend` (the required core, or other
 * defaulted ops, which may themselves be overridden). One file per op in this folder.
 */
export function defaultOverrides<T extends Tensor>(backend: Backend<T>): BackendOverrides<T> {
  return {
    fill: (shape, value) => fill(backend, shape, value),
    addBias: (x, bias) => addBias(backend, x, bias),
    conv2dBiasActivation: (x, filter, bias, { activation, ...options }) => conv2dBiasActivation(backend, x, filter, bias, options, activation),
    conv2dBackwardInput: (dy, filter, inputShape, options) => conv2dBackwardInput(backend, dy, filter, inputShape, options),
    conv2dBackwardFilter: (x, dy, filterShape, options) => conv2dBackwardFilter(backend, x, dy, filterShape, options),
    maxPool2dBackward: (x, y, dy, options) => maxPool2dBackward(backend, x, y, dy, options),
    avgPool2d: (x, options) => avgPool2d(backend, x, options),
    avgPool2dBackward: (dy, inputShape, options) => avgPool2dBackward(backend, dy, inputShape, options),
    adaptiveAvgPool2d: (x, outputSize) => adaptiveAvgPool2d(backend, x, outputSize),
    adaptiveAvgPool2dBackward: (dy, inputShape) => adaptiveAvgPool2dBackward(backend, dy, inputShape),
    localResponseNorm: (x, options) => localResponseNorm(backend, x, options),
    localResponseNormBackward: (x, y, dy, options) => localResponseNormBackward(backend, x, y, dy, options),
    batchNorm2dInference: (x, { mean, variance, weight, bias, epsilon }) => batchNorm2dInference(backend, x, mean, variance, weight, bias, epsilon),
    batchNorm2dTraining: (x, { weight, bias, epsilon }) => batchNorm2dTraining(backend, x, weight, bias, epsilon),
    batchNorm2dBackward: (x, dy, { mean, variance, weight, epsilon }) => batchNorm2dBackward(backend, x, dy, mean, variance, weight, epsilon),
    softmax: (x) => softmax(backend, x),
    logSoftmax: (x) => logSoftmax(backend, x),
    softmaxBackward: (y, dy) => softmaxBackward(backend, y, dy),
    logSoftmaxBackward: (y, dy) => logSoftmaxBackward(backend, y, dy),
    crossEntropyWithLogits: (logits, labels) => crossEntropyWithLogits(backend, logits, labels),
    dropoutMask: (shape, rate, seed) => dropoutMask(backend, shape, rate, seed),
    activationBackward: (activation, y, dy) => activationBackward(backend, activation, y, dy),
    sgdUpdate: (parameter, gradient, velocity, options) => sgdUpdate(backend, parameter, gradient, velocity, options),
  };
}

/**
 * A complete backend from an implementation: its own overrides where it has them, the defaults
 * composed from its core elsewhere. The implementation object itself is the prototype, so its
 * methods keep their `this`.
 */
export function withDefaults<T extends Tensor>(implementation: BackendImplementation<T>): Backend<T> {
  if (implementation.contractVersion !== backendContractVersion) throw new ContractVersionError(implementation);
  const complete = Object.create(implementation) as Backend<T>;
  const defaults = defaultOverrides(complete);
  const provided = implementation as unknown as Record<string, unknown>;
  for (const [name, operation] of Object.entries(defaults)) {
    if (typeof provided[name] !== "function") (complete as unknown as Record<string, unknown>)[name] = operation;
  }
  return complete;
}

/** The defaulted ops an implementation overrides, for reports and for the conformance suite. */
export function overriddenOps<T extends Tensor>(implementation: BackendImplementation<T>): string[] {
  const provided = implementation as unknown as Record<string, unknown>;
  return overridableOps.filter((name) => typeof provided[name] === "function");
}

/** A backend built for another version of the contract than this engine implements. */
export class ContractVersionError extends Error {
  constructor(implementation: { readonly name: string; readonly contractVersion: number }) {
    super(
      `backend "${implementation.name}" implements contract version ${implementation.contractVersion}, but this @alexnet-ts/engine implements version ${backendContractVersion}: update the backend to version ${backendContractVersion} (see BackendCore in @alexnet-ts/engine)`,
    );
    this.name = "ContractVersionError";
  }
}
