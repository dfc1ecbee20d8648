import { elementwiseOp, elementwiseTarget, valueBlocks } from "./elementwise-jobs.js";

/**
 * dx = y > 0 ? dy : 0 in the WebAssembly elementwise kernel, a block of values per task on the
 * caller and the gemm's worker threads: the bit operations of `reluGradientBits` (./bits.ts), so
 * results are bit-identical. False — the caller loops in TypeScript — unless every array lives in
 * wasm memory.
 */
export function reluGradientInWasm(y: Float32Array, dy: Float32Array, dx: Float32Array): boolean {
  if (dx.length === 0) return false;
  const wasm = elementwiseTarget(dx.length, [y, dy, dx]);
  if (wasm === undefined) return false;
  const { tasks, perTask } = valueBlocks(dx.length, wasm.threads);
  return wasm.engine.runOpsJob((integers) => integers.set([elementwiseOp.reluGradient, tasks, dx.length, perTask, ...wasm.addresses]), wasm.threads, 0, "elementwise");
}
