import type { SgdOptions } from "@alexnet-ts/engine";
import { elementwiseOp, elementwiseTarget, valueBlocks } from "./elementwise-jobs.js";

/** The arrays of one SGD step: the current parameter, gradient and velocity, and where the new parameter and velocity go. */
export interface SgdArrays {
  parameter: Float32Array;
  gradient: Float32Array;
  velocity: Float32Array;
  nextParameter: Float32Array;
  nextVelocity: Float32Array;
}

/**
 * One SGD step in the WebAssembly elementwise kernel, a block of values per task on the caller
 * and the gemm's worker threads: each value computed in float64 in TypeScript's order (the new
 * velocity rounded to float32 before the parameter reads it back), so results are bit-identical.
 * False — the caller loops in TypeScript — unless every array lives in wasm memory.
 */
export function sgdUpdateInWasm(arrays: SgdArrays, options: SgdOptions): boolean {
  const count = arrays.parameter.length;
  if (count === 0) return false;
  const { parameter, gradient, velocity, nextParameter, nextVelocity } = arrays;
  const wasm = elementwiseTarget(count, [parameter, gradient, velocity, nextParameter, nextVelocity]);
  if (wasm === undefined) return false;
  const { tasks, perTask } = valueBlocks(count, wasm.threads);
  return wasm.engine.runOpsJob(
    (integers, _floats, doubles) => {
      integers.set([elementwiseOp.sgd, tasks, count, perTask, ...wasm.addresses]);
      doubles.set([options.momentum, options.learningRate, options.weightDecay], 10);
    },
    wasm.threads,
    0,
    "elementwise",
  );
}
