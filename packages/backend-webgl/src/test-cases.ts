/**
 * Op cases for this package's own accuracy test: every op the gpu.js backend implements, at small
 * sizes, with the geometry AlexNet uses and the awkward corners (groups, dilation, uneven padding,
 * ceil mode, broadcasting, negative slice steps).
 */
import { createRandom, type Backend, type Conv2dOptions, type Pool2dOptions, type Shape, type Tensor } from "@alexnet-ts/engine";

/** Makes a seeded input of a shape with values in [low, high) (default [−1, 1)); the test disposes it. */
export type Input = (shape: Shape, low?: number, high?: number) => Tensor;
/** Registers an intermediate tensor for the test to dispose; returns it. */
export type Keep = (tensor: Tensor) => Tensor;

/** One case: builds its inputs on a backend and returns the op's result. */
export interface OpCase {
  readonly name: string;
  run(backend: Backend, input: Input, keep: Keep): Tensor;
}

/** Seeded uniform values in [low, high), the same for every backend. */
export function seededValues(seed: number, count: number, low = -1, high = 1): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: count }, () => low + (high - low) * random.uniform());
}

const convolution: Conv2dOptions = { stride: [2, 1], padding: [1, 0, 2, 1], dilation: [1, 2], groups: 2 };
const alexnetConvolution: Conv2dOptions = { stride: [4, 4], padding: [2, 2, 2, 2], dilation: [1, 1], groups: 1 };
const pooling: Pool2dOptions = { kernel: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1], dilation: [1, 1], ceilMode: true };
const alexnetPooling: Pool2dOptions = { kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false };
const lrn = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 };

export const opCases: readonly OpCase[] = [
  ...(["negate", "abs", "exp", "square", "reciprocal", "relu", "tanh", "step"] as const).map((op) => ({ name: `unary ${op}`, run: (b: Backend, input: Input) => b.unary(op, input([2, 3, 4, 5])) })),
  ...(["log", "sqrt"] as const).map((op) => ({ name: `unary ${op}`, run: (b: Backend, input: Input) => b.unary(op, input([3, 7], 0.1, 4)) })),
  ...(["add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "greater"] as const).map((op) => ({
    name: `binary ${op} broadcast`,
    run: (b: Backend, input: Input) => b.binary(op, input([2, 3, 4]), op === "divide" ? input([3, 1], 0.5, 2) : input([3, 1])),
  })),
  { name: "binary power", run: (b, input) => b.binary("power", input([4, 5], 0.1, 3), input([5], -2, 2)) },
  { name: "reduce sum [1]", run: (b, input) => b.reduce("sum", input([3, 40, 2]), { axes: [1], keepDimensions: false }) },
  { name: "reduce max [0, 2] keep", run: (b, input) => b.reduce("max", input([3, 4, 5]), { axes: [0, 2], keepDimensions: true }) },
  { name: "reduce mean all", run: (b, input) => b.reduce("mean", input([6, 7]), { axes: [0, 1], keepDimensions: false }) },
  ...[false, true].flatMap((transposeA) =>
    [false, true].map((transposeB) => ({
      name: `matmul ${transposeA ? "Aᵀ" : "A"}·${transposeB ? "Bᵀ" : "B"} (K = 512)`,
      run: (b: Backend, input: Input) => b.matmul(input(transposeA ? [512, 5] : [5, 512], 0, 1), input(transposeB ? [3, 512] : [512, 3], 0, 1), { transposeA, transposeB }),
    })),
  ),
  { name: "conv2d groups, stride, dilation, uneven padding", run: (b, input) => b.conv2d(input([2, 4, 9, 8]), input([6, 2, 3, 3]), convolution) },
  { name: "conv2d AlexNet conv1 geometry (11×11 stride 4)", run: (b, input) => b.conv2d(input([1, 3, 31, 31], 0, 1), input([4, 3, 11, 11]), alexnetConvolution) },
  { name: "conv2dBiasActivation relu", run: (b, input) => b.conv2dBiasActivation(input([2, 4, 9, 8]), input([6, 2, 3, 3]), input([6]), { ...convolution, activation: "relu" }) },
  { name: "conv2dBackwardInput", run: (b, input) => b.conv2dBackwardInput(input([2, 6, 5, 5]), input([6, 2, 3, 3]), [2, 4, 9, 8], convolution) },
  { name: "conv2dBackwardFilter", run: (b, input) => b.conv2dBackwardFilter(input([2, 4, 9, 8]), input([2, 6, 5, 5]), [6, 2, 3, 3], convolution) },
  { name: "conv2dBackwardInput stride 4", run: (b, input) => b.conv2dBackwardInput(input([1, 4, 7, 7]), input([4, 3, 11, 11]), [1, 3, 31, 31], alexnetConvolution) },
  { name: "conv2dBackwardFilter stride 4", run: (b, input) => b.conv2dBackwardFilter(input([1, 3, 31, 31]), input([1, 4, 7, 7]), [4, 3, 11, 11], alexnetConvolution) },
  { name: "maxPool2d ceil mode, padding", run: (b, input) => b.maxPool2d(input([2, 3, 8, 7]), pooling) },
  { name: "maxPool2dBackward ceil mode, padding", run: (b, input, keep) => { const x = input([2, 3, 8, 7]); return b.maxPool2dBackward(x, keep(b.maxPool2d(x, pooling)), input([2, 3, 5, 4]), pooling); } },
  { name: "maxPool2dBackward overlapping 3/2", run: (b, input, keep) => { const x = input([1, 2, 9, 9]); return b.maxPool2dBackward(x, keep(b.maxPool2d(x, alexnetPooling)), input([1, 2, 4, 4]), alexnetPooling); } },
  { name: "localResponseNorm", run: (b, input) => b.localResponseNorm(input([2, 7, 3, 3], -20, 20), lrn) },
  { name: "localResponseNormBackward", run: (b, input, keep) => { const x = input([2, 7, 3, 3], -20, 20); return b.localResponseNormBackward(x, keep(b.localResponseNorm(x, lrn)), input([2, 7, 3, 3]), lrn); } },
  { name: "addBias NCHW", run: (b, input) => b.addBias(input([2, 5, 3, 4]), input([5])) },
  { name: "addBias [N, F]", run: (b, input) => b.addBias(input([3, 6]), input([6])) },
  { name: "transpose", run: (b, input) => b.transpose(input([2, 3, 4]), [2, 0, 1]) },
  { name: "pad", run: (b, input) => b.pad(input([2, 3, 4]), [[0, 1], [2, 0], [1, 3]], -0.5) },
  { name: "slice with a negative step", run: (b, input) => b.slice(input([4, 5, 6]), { begin: [3, 1, 5], size: [2, 3, 3], step: [-2, 1, -2] }) },
  { name: "concat axis 1", run: (b, input) => b.concat([input([2, 1, 3]), input([2, 4, 3]), input([2, 2, 3])], 1) },
  { name: "reshape then add", run: (b, input, keep) => { const x = input([2, 6]); return b.binary("add", keep(b.reshape(x, [3, 4])), input([4])); } },
];
