import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

/** The folder holding tfjs-backend-wasm's .wasm binaries (its package's dist/). */
export function wasmBinaryFolder(): string {
  const manifest = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json");
  return join(dirname(manifest), "dist");
}

/** Whether the .wasm binaries are where tfjs will look for them. */
export function wasmBinariesPresent(): boolean {
  const folder = wasmBinaryFolder();
  return ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"].every((name) => existsSync(join(folder, name)));
}

/**
 * tfjs-backend-wasm (XNNPACK kernels). In Node the .wasm files are read from the package folder
 * (setWasmPaths with a file path); SIMD is used when WebAssembly SIMD validates (Node ≥ 16), and
 * threads never in Node, where tfjs turns them off by design (tfjs issue #3830): the description
 * reports the thread count XNNPACK really got.
 */
export async function startWasm(): Promise<EngineStart> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  // A path prefix, not a URL: in Node, Emscripten reads the binary with fs.
  wasm.setWasmPaths(`${wasmBinaryFolder()}/`);
  await activateEngine("wasm");
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const threads = wasm.getThreadsCount();
  return { engine: "wasm", description: `${tfjsVersion()} wasm (XNNPACK), ${simd ? "SIMD" : "no SIMD"}, ${threads} thread${threads === 1 ? "" : "s"}` };
}
