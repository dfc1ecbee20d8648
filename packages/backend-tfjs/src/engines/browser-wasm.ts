import * as tf from "@tensorflow/tfjs-core";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

/** Where a browser fetches tfjs-backend-wasm's three binaries (the app's bundler gives their URLs). */
export interface WasmBinaryUrls {
  readonly "tfjs-backend-wasm.wasm": string;
  readonly "tfjs-backend-wasm-simd.wasm": string;
  readonly "tfjs-backend-wasm-threaded-simd.wasm": string;
}

/**
 * tfjs-backend-wasm in a browser: the binaries are fetched from `urls`; tfjs picks SIMD when it
 * validates. Its threaded build is turned off: its Emscripten workers re-run the module factory
 * from the factory's source text (Function.toString), which in a bundled app refers to the
 * bundle's renamed variables and fails in the worker ("e is not defined"). The description
 * reports the threads XNNPACK really got.
 */
export async function startBrowserWasm(urls: WasmBinaryUrls): Promise<EngineStart> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  wasm.setWasmPaths({ ...urls });
  await activateEngine("wasm");
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const threads = wasm.getThreadsCount();
  return { engine: "wasm", description: `${tfjsVersion()} wasm (XNNPACK), ${simd ? "SIMD" : "no SIMD"}, ${threads} thread${threads === 1 ? "" : "s"} (tfjs's threaded build cannot start inside a bundled app)` };
}
