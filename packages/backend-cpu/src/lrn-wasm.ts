import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import { lrnReach } from "./lrn-window.js";
import { wasmOpsEngine } from "./gemm/index.js";

// Below this many values one thread does it all: waking the workers costs tens of µs.
const threadedMinimumValues = 1 << 16;

const opCode = { forward: 1, backward: 2 } as const;

/**
 * LRN forward (`dy` undefined) or backward in the WebAssembly ops kernel, one image per task on
 * the caller and the gemm's worker threads. f32 throughout (the TypeScript path sums in float64):
 * each window holds ≤ size squares, so the sum's relative error is ≤ size·2⁻²⁴, and s^−3/4 from
 * two square roots and a divide adds ≤ 4·2⁻²⁴ — about 1e-6 relative, against the conformance
 * suite's 1e-4. False — the caller computes in TypeScript — unless β = 0.75 (the paper's, the
 * only power the kernel has), a plane has ≥ 4 positions, and every array lives in wasm memory.
 */
export function localResponseNormInWasm(
  x: Float32Array,
  dy: Float32Array | undefined,
  output: Float32Array,
  shape: readonly number[],
  options: LocalResponseNormOptions,
): boolean {
  const [images, channels, height, width] = shape;
  const plane = height * width;
  if (options.beta !== 0.75 || plane < 4 || images === 0 || channels === 0) return false;
  const ops = wasmOpsEngine();
  if (ops === undefined) return false;
  const { engine } = ops;
  const xAddress = engine.addressOf(x);
  const outputAddress = engine.addressOf(output);
  const dyAddress = dy === undefined ? 0 : engine.addressOf(dy);
  if (xAddress === undefined || outputAddress === undefined || dyAddress === undefined) return false;
  const { below, above } = lrnReach(options.size);
  const threads = x.length >= threadedMinimumValues ? ops.threads : 1;
  const scratchBytes = dy === undefined ? 0 : 2 * channels * plane * 4;
  return engine.runOpsJob(
    (integers, floats) => {
      integers.set([dy === undefined ? opCode.forward : opCode.backward, images, channels, plane, xAddress, dyAddress, outputAddress, below, above]);
      floats[9] = options.k;
      floats[10] = options.alpha;
      floats[11] = 2 * options.alpha * options.beta;
    },
    threads,
    scratchBytes,
  );
}
