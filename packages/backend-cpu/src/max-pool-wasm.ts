import type { WindowGeometry } from "./geometry.js";
import { wasmOpsEngine } from "./gemm/index.js";

// Below this many input values one thread does it all: waking the workers costs tens of µs.
const threadedMinimumValues = 1 << 16;

const opCode = { forward: 3, backward: 4 } as const;

/**
 * Max pooling forward (`y`, `dy` undefined: `output` is y) or backward (`output` is dx) in the
 * WebAssembly ops kernel, one channel plane per task on the caller and the gemm's worker
 * threads. The same rules as the TypeScript loops (padding never wins, NaN propagates, the
 * gradient goes to each window's first maximum), so results are bit-identical. False — the
 * caller computes in TypeScript — unless every array lives in wasm memory.
 */
export function maxPoolInWasm(
  geometry: WindowGeometry,
  x: Float32Array,
  y: Float32Array | undefined,
  dy: Float32Array | undefined,
  output: Float32Array,
): boolean {
  const ops = wasmOpsEngine();
  if (ops === undefined) return false;
  const { engine } = ops;
  const addresses = [x, y, dy, output].map((array) => (array === undefined ? 0 : engine.addressOf(array)));
  if (addresses.some((address) => address === undefined)) return false;
  const [xAddress, yAddress, dyAddress, outputAddress] = addresses as number[];
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  if (batch * channels === 0) return false;
  const threads = x.length >= threadedMinimumValues ? ops.threads : 1;
  return engine.runOpsJob(
    (integers) => {
      integers.set([dy === undefined ? opCode.forward : opCode.backward, batch * channels, height, width, xAddress, yAddress, outputAddress, dyAddress]);
      integers.set([kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth], 8);
      integers.set([outputHeight, outputWidth], 18);
    },
    threads,
    0,
  );
}
