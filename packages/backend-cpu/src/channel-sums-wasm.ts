import { elementwiseOp, elementwiseTarget } from "./elementwise-jobs.js";

/**
 * output[c] = scale · Σ over images i and positions p of x[i, c, p] for x laid out
 * [images, channels, positions], in the WebAssembly elementwise kernel, one channel per task on
 * the caller and the gemm's worker threads: a float64 sum in the order the TypeScript reduction
 * takes (images, then positions), so results are bit-identical. False — the caller reduces in
 * TypeScript — unless both arrays live in wasm memory.
 */
export function channelSumsInWasm(x: Float32Array, output: Float32Array, images: number, channels: number, positions: number, scale: number): boolean {
  if (channels === 0 || images * positions === 0) return false;
  const wasm = elementwiseTarget(x.length, [x, output]);
  if (wasm === undefined) return false;
  return wasm.engine.runOpsJob(
    (integers, _floats, doubles) => {
      integers.set([elementwiseOp.channelSums, channels, images, positions, ...wasm.addresses]);
      doubles[10] = scale;
    },
    wasm.threads,
    0,
    "elementwise",
  );
}
