import { wasmOpsEngine } from "./gemm/index.js";
import type { WasmGemm } from "./gemm/wasm-gemm.js";

// Below this many values one thread does it all: waking the workers costs tens of µs.
const threadedMinimumValues = 1 << 16;

/** The op codes of wasm/elementwise-kernel.wat. */
export const elementwiseOp = { planes: 1, reluGradient: 2, channelSums: 3, sgd: 4, batchNormForward: 5, batchNormBackward: 6 } as const;

/** The wasm engine, the threads a job over `values` values should use, and each array's byte address in the wasm memory. */
export interface ElementwiseTarget {
  engine: WasmGemm;
  threads: number;
  addresses: number[];
}

/**
 * Where an elementwise job over `values` values can run: undefined — the caller loops in
 * TypeScript — where the wasm path is off or one of `arrays` lives outside the wasm memory.
 */
export function elementwiseTarget(values: number, arrays: readonly Float32Array[]): ElementwiseTarget | undefined {
  const ops = wasmOpsEngine();
  if (ops === undefined) return undefined;
  const addresses: number[] = [];
  for (const array of arrays) {
    const address = ops.engine.addressOf(array);
    if (address === undefined) return undefined;
    addresses.push(address);
  }
  return { engine: ops.engine, threads: values >= threadedMinimumValues ? ops.threads : 1, addresses };
}

/** `values` cut into tasks of `perTask` values (a multiple of 4; the last task may be short), about four per thread. */
export function valueBlocks(values: number, threads: number): { tasks: number; perTask: number } {
  const wanted = threads > 1 ? 4 * threads : 1;
  const perTask = Math.max(4, Math.ceil(values / wanted / 4) * 4);
  return { tasks: Math.ceil(values / perTask), perTask };
}
