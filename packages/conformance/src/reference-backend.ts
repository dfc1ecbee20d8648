import { backendContractVersion, type BackendImplementation, type BackendOverrides, type Shape, type Tensor } from "@alexnet-ts/engine";
import * as reference from "./reference/index.js";
import type { ReferenceTensor } from "./reference/index.js";

/**
 * A tensor of the reference backend. Its values are float32 values, as every backend stores
 * them, held in a Float64Array so the reference ops read them without a conversion per op
 * (whole models pass large weight tensors through many ops). Never mutated after creation.
 */
export class ReferenceBackendTensor implements Tensor {
  constructor(
    readonly shape: Shape,
    /** Row-major NCHW values, each exactly a float32. */
    readonly data: Float64Array,
  ) {}
  /** The values as float32. */
  get values(): Float32Array {
    return Float32Array.from(this.data);
  }
}

/** Options of `createReferenceBackend`. */
export interface ReferenceBackendOptions {
  /**
   * Also provide every defaulted op (BackendOverrides) from the reference, instead of leaving
   * them to `withDefaults`. Without it the backend implements exactly the required core.
   */
  readonly withOverrides?: boolean;
}

/**
 * A backend whose every op runs the float64 reference and stores the result as float32.
 * By default it implements ONLY the required core, so `withDefaults(createReferenceBackend())`
 * exercises every default. Slow (plain loops, float64 copies): for tests and small inputs.
 */
export function createReferenceBackend(options: ReferenceBackendOptions = {}): BackendImplementation<ReferenceBackendTensor> {
  const tensors = referenceTensors();
  const core = referenceCore(tensors, options.withOverrides === true);
  return options.withOverrides ? { ...core, ...referenceOverrides(tensors) } : core;
}

/** The backend's live tensors and the conversions between its handles and reference tensors. */
interface ReferenceTensors {
  readonly live: Set<ReferenceBackendTensor>;
  /** The handle as this backend's tensor; throws naming the op when it is disposed or another backend's. */
  adopt(op: string, tensor: Tensor): ReferenceBackendTensor;
  /** The handle's values as a reference tensor (shared, not copied). */
  read(op: string, tensor: Tensor): ReferenceTensor;
  /** Adopts a fresh reference result, rounding it to float32 in place. */
  make(result: ReferenceTensor): ReferenceBackendTensor;
}

function referenceTensors(): ReferenceTensors {
  const live = new Set<ReferenceBackendTensor>();

  const adopt = (op: string, tensor: Tensor): ReferenceBackendTensor => {
    if (!(tensor instanceof ReferenceBackendTensor) || !live.has(tensor)) {
      throw new Error(`${op}: got a tensor that is disposed or belongs to another backend`);
    }
    return tensor;
  };
  // The reference ops never write to their inputs, so a tensor's data is shared, not copied.
  const read = (op: string, tensor: Tensor): ReferenceTensor => {
    const owned = adopt(op, tensor);
    return { shape: [...owned.shape], data: owned.data };
  };
  /** Adopts a fresh reference result, rounding it to float32 in place. */
  const make = (result: ReferenceTensor): ReferenceBackendTensor => {
    const data = result.data;
    for (let index = 0; index < data.length; index++) data[index] = Math.fround(data[index]);
    const tensor = new ReferenceBackendTensor(Object.freeze([...result.shape]), data);
    live.add(tensor);
    return tensor;
  };
  return { live, adopt, read, make };
}

/** The required core, every op a reference loop. */
function referenceCore(tensors: ReferenceTensors, withOverrides: boolean): BackendImplementation<ReferenceBackendTensor> {
  const { live, adopt, read, make } = tensors;
  return {
    name: "reference",
    contractVersion: backendContractVersion,
    describe: () => `float64 reference loops (@alexnet-ts/conformance), float32 storage${withOverrides ? ", every op from the reference" : ", required core only"}`,
    upload(values, shape) {
      return make(reference.referenceTensor([...shape], values));
    },
    async download(tensor) {
      return adopt("download", tensor).values;
    },
    dispose(tensor) {
      live.delete(adopt("dispose", tensor));
    },
    liveTensorCount: () => live.size,
    unary: (op, x) => make(reference.referenceUnary(op, read("unary", x))),
    binary: (op, a, b) => make(reference.referenceBinary(op, read("binary", a), read("binary", b))),
    reduce: (op, x, { axes, keepDimensions }) => make(reference.referenceReduce(op, read("reduce", x), axes, keepDimensions)),
    matmul: (a, b, { transposeA, transposeB }) => make(reference.referenceMatmul(read("matmul", a), read("matmul", b), transposeA, transposeB)),
    conv2d: (x, filter, convolution) => make(reference.referenceConv2d(read("conv2d", x), read("conv2d", filter), convolution)),
    maxPool2d: (x, pool) => make(reference.referenceMaxPool2d(read("maxPool2d", x), pool)),
    reshape: (x, shape) => make(reference.referenceReshape(read("reshape", x), [...shape])),
    transpose: (x, permutation) => make(reference.referenceTranspose(read("transpose", x), permutation)),
    pad: (x, padding, value) => make(reference.referencePad(read("pad", x), padding, value)),
    slice: (x, { begin, size, step }) => make(reference.referenceSlice(read("slice", x), begin, size, step)),
    concat: (tensors, axis) => make(reference.referenceConcat(tensors.map((tensor) => read("concat", tensor)), axis)),
  };
}

/** Every defaulted op from the reference too (`withOverrides`). */
function referenceOverrides(tensors: ReferenceTensors): BackendOverrides<ReferenceBackendTensor> {
  const { adopt, read, make } = tensors;
  return {
    fill: (shape, value) => make(reference.referenceFill([...shape], value)),
    addBias: (x, bias) => make(reference.referenceAddBias(read("addBias", x), read("addBias", bias))),
    conv2dBiasActivation: (x, filter, bias, { activation, ...convolution }) =>
      make(
        reference.referenceConv2dBiasActivation(
          read("conv2dBiasActivation", x),
          read("conv2dBiasActivation", filter),
          bias === undefined ? undefined : read("conv2dBiasActivation", bias),
          convolution,
          activation,
        ),
      ),
    conv2dBackwardInput: (dy, filter, inputShape, convolution) =>
      make(reference.referenceConv2dBackwardInput(read("conv2dBackwardInput", dy), read("conv2dBackwardInput", filter), [...inputShape], convolution)),
    conv2dBackwardFilter: (x, dy, filterShape, convolution) =>
      make(reference.referenceConv2dBackwardFilter(read("conv2dBackwardFilter", x), read("conv2dBackwardFilter", dy), [...filterShape], convolution)),
    maxPool2dBackward: (x, y, dy, pool) => {
      adopt("maxPool2dBackward", y);
      return make(reference.referenceMaxPool2dBackward(read("maxPool2dBackward", x), read("maxPool2dBackward", dy), pool));
    },
    avgPool2d: (x, pool) => make(reference.referenceAvgPool2d(read("avgPool2d", x), pool)),
    avgPool2dBackward: (dy, inputShape, pool) => make(reference.referenceAvgPool2dBackward(read("avgPool2dBackward", dy), [...inputShape], pool)),
    adaptiveAvgPool2d: (x, outputSize) => make(reference.referenceAdaptiveAvgPool2d(read("adaptiveAvgPool2d", x), outputSize)),
    adaptiveAvgPool2dBackward: (dy, inputShape) => make(reference.referenceAdaptiveAvgPool2dBackward(read("adaptiveAvgPool2dBackward", dy), [...inputShape])),
    localResponseNorm: (x, lrn) => make(reference.referenceLocalResponseNorm(read("localResponseNorm", x), lrn)),
    localResponseNormBackward: (x, y, dy, lrn) => {
      adopt("localResponseNormBackward", y);
      return make(reference.referenceLocalResponseNormBackward(read("localResponseNormBackward", x), read("localResponseNormBackward", dy), lrn));
    },
    batchNorm2dInference: (x, { mean, variance, weight, bias, epsilon }) => {
      const op = "batchNorm2dInference";
      return make(reference.referenceBatchNorm2dInference(read(op, x), read(op, mean), read(op, variance), read(op, weight), read(op, bias), epsilon));
    },
    batchNorm2dTraining: (x, { weight, bias, epsilon }) => {
      const op = "batchNorm2dTraining";
      const result = reference.referenceBatchNorm2dTraining(read(op, x), read(op, weight), read(op, bias), epsilon);
      return { output: make(result.output), mean: make(result.mean), variance: make(result.variance) };
    },
    batchNorm2dBackward: (x, dy, { mean, variance, weight, epsilon }) => {
      const op = "batchNorm2dBackward";
      const result = reference.referenceBatchNorm2dBackward(read(op, x), read(op, dy), read(op, mean), read(op, variance), read(op, weight), epsilon);
      return { input: make(result.input), weight: make(result.weight), bias: make(result.bias) };
    },
    softmax: (x) => make(reference.referenceSoftmax(read("softmax", x))),
    logSoftmax: (x) => make(reference.referenceLogSoftmax(read("logSoftmax", x))),
    softmaxBackward: (y, dy) => make(reference.referenceSoftmaxBackward(read("softmaxBackward", y), read("softmaxBackward", dy))),
    logSoftmaxBackward: (y, dy) => make(reference.referenceLogSoftmaxBackward(read("logSoftmaxBackward", y), read("logSoftmaxBackward", dy))),
    crossEntropyWithLogits: (logits, labels) => {
      const result = reference.referenceCrossEntropyWithLogits(read("crossEntropyWithLogits", logits), labels);
      return { loss: make(result.loss), gradient: make(result.gradient) };
    },
    dropoutMask: (shape, rate, seed) => make(reference.referenceDropoutMask([...shape], rate, seed)),
    activationBackward: (activation, y, dy) => make(reference.referenceActivationBackward(activation, read("activationBackward", y), read("activationBackward", dy))),
    sgdUpdate: (parameter, gradient, velocity, sgd) => {
      const op = "sgdUpdate";
      const result = reference.referenceSgdUpdate(read(op, parameter), read(op, gradient), read(op, velocity), sgd);
      return { parameter: make(result.parameter), velocity: make(result.velocity) };
    },
  };
}
