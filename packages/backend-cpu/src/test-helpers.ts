import { createRandom, type Backend, type Shape, type Tensor } from "@alexnet-ts/engine";
import { expect } from "vitest";
import { configureGemm } from "./gemm/index.js";
import { elementCount } from "./shapes.js";

/** Seeded values uniform in [low, high), float32-exact. */
export function randomValues(count: number, seed: number, low = -1, high = 1): Float32Array {
  const random = createRandom(seed);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index++) values[index] = low + (high - low) * random.uniform();
  return values;
}

/** Uploads seeded random values of a shape. */
export function randomTensor(backend: Backend, shape: Shape, seed: number, low = -1, high = 1): Tensor {
  return backend.upload(randomValues(elementCount(shape), seed, low, high), shape);
}

/**
 * Asserts |actual − expected| ≤ tolerance · max(1, max |expected|) element by element: float32
 * accumulation error scales with the size of the summed terms, not the (possibly cancelled) result.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label = "values"): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let largest = 1;
  for (let index = 0; index < expected.length; index++) largest = Math.max(largest, Math.abs(expected[index]));
  let worst = 0;
  let worstIndex = -1;
  for (let index = 0; index < expected.length; index++) {
    const error = Math.abs(actual[index] - expected[index]);
    if (!(error <= worst)) {
      worst = error;
      worstIndex = index;
    }
  }
  const message = `${label}: worst error ${worst} at ${worstIndex} (got ${actual[worstIndex]}, expected ${expected[worstIndex]}), allowed ${tolerance * largest}`;
  expect(worst <= tolerance * largest, message).toBe(true);
}

/** Downloads and disposes. */
export async function take(backend: Backend, tensor: Tensor): Promise<Float32Array> {
  const values = await backend.download(tensor);
  backend.dispose(tensor);
  return values;
}

/**
 * Runs `run` twice: with the WebAssembly kernels (`kernel: "auto"`) on `threads` threads, then
 * with the TypeScript kernels; leaves the gemm on "auto".
 */
export async function runWasmAndTypescript<T>(run: () => Promise<T>, threads: number): Promise<{ wasm: T; typescript: T }> {
  configureGemm({ kernel: "auto", threads });
  const wasm = await run();
  configureGemm({ kernel: "typescript" });
  const typescript = await run();
  configureGemm({ kernel: "auto" });
  return { wasm, typescript };
}
