import { elementwiseOp, elementwiseTarget } from "./elementwise-jobs.js";

/** x as [images, channels, positions], and ε. */
export interface BatchNormLayout {
  images: number;
  channels: number;
  positions: number;
  epsilon: number;
}

// Batch normalization in training in the WebAssembly elementwise kernel, one channel per task on
// the caller and the gemm's worker threads: the float64 sums and arithmetic of
// ops/batch-norm2d-training.ts and ops/batch-norm2d-backward.ts in their order, so results are
// bit-identical. Each returns false — the caller computes in TypeScript — unless every array
// lives in wasm memory.

/** y, mean and variance (out) from x, weight and bias. */
export function batchNormForwardInWasm(layout: BatchNormLayout, arrays: { x: Float32Array; y: Float32Array; mean: Float32Array; variance: Float32Array; weight: Float32Array; bias: Float32Array }): boolean {
  const { x, y, mean, variance, weight, bias } = arrays;
  return runBatchNormJob(elementwiseOp.batchNormForward, layout, [x, y, mean, variance, weight, bias]);
}

/** dx, dweight and dbias (out) from x, dy and the batch's mean and variance. */
export function batchNormBackwardInWasm(
  layout: BatchNormLayout,
  arrays: { x: Float32Array; dy: Float32Array; dx: Float32Array; mean: Float32Array; variance: Float32Array; weight: Float32Array; dWeight: Float32Array; dBias: Float32Array },
): boolean {
  const { x, dy, dx, mean, variance, weight, dWeight, dBias } = arrays;
  return runBatchNormJob(elementwiseOp.batchNormBackward, layout, [x, dy, dx, mean, variance, weight, dWeight, dBias]);
}

function runBatchNormJob(op: number, layout: BatchNormLayout, arrays: Float32Array[]): boolean {
  const { images, channels, positions, epsilon } = layout;
  if (channels === 0 || images * positions === 0) return false;
  const wasm = elementwiseTarget(images * channels * positions, arrays);
  if (wasm === undefined) return false;
  return wasm.engine.runOpsJob(
    (integers, _floats, doubles) => {
      integers.set([op, channels, images, positions, ...wasm.addresses]);
      doubles[10] = epsilon;
    },
    wasm.threads,
    0,
    "elementwise",
  );
}
