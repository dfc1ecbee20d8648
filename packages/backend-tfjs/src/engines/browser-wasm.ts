import * as tf from "@tensorflow/tfjs-core";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

/** Where a browser fetches tfjs-backend-wasm's three binaries (the app's bundler gives their URLs). */
export interface WasmBinaryUrls {
  readonly "tfjs-backend-wasm.wasm": string;
  readonly "tfjs-backend-wasm-simd.wasm": string;
  readonly "tfjs-backend-wasm-threaded-simd.wasm": string;
}

/** How tfjs-wasm starts in a browser. */
export interface BrowserWasmOptions {
  /** Where the binaries are. */
  readonly urls: WasmBinaryUrls;
  /**
   * Whether tfjs may use its threaded build (XNNPACK on a pool of Web Workers over shared
   * memory) where the page is cross-origin isolated. Its workers re-run the Emscripten module
   * factory from the factory's source text (Function.toString), so the bundler must leave that
   * function self-contained: a minifier that renames the one variable it reads from outside
   * (`_scriptDir`) breaks them ("e is not defined"). apps/web's vite.config.ts removes that
   * variable and turns this on; off by default.
   */
  readonly threads?: boolean;
}

/**
 * The threads tfjs 4.22 gives XNNPACK: half the browser's logical cores (it assumes two hardware
 * threads per core), from 1 to 8, whatever setThreadsCount asks (tfjs-backend-wasm's backend.cc).
 */
function tfjsThreadCount(logicalCores: number): number {
  return Math.min(8, Math.max(1, Math.floor(logicalCores / 2)));
}

/** Why tfjs-wasm runs on one thread here, or undefined when its threaded build would give more. */
function singleThreadReason(threadsAllowed: boolean): string | undefined {
  const scope = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  const cores = scope.navigator?.hardwareConcurrency ?? 1;
  if (!threadsAllowed) return "threads off: the app did not enable tfjs's threaded build";
  if (scope.crossOriginIsolated !== true) return "the page is not cross-origin isolated";
  // The threaded build would start its pool of 8 workers for one XNNPACK thread: not worth it.
  if (tfjsThreadCount(cores) === 1) return `tfjs gives XNNPACK half of this browser's ${cores} logical core${cores === 1 ? "" : "s"}`;
  return undefined;
}

/**
 * tfjs-backend-wasm in a browser: the binaries are fetched from `options.urls`; tfjs picks SIMD
 * when it validates, and its threaded build when allowed, the page has shared memory and the
 * browser has the cores for more than one thread. The description reports the threads XNNPACK
 * really got, and why only one.
 */
export async function startBrowserWasm(options: BrowserWasmOptions): Promise<EngineStart> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const single = singleThreadReason(options.threads === true);
  if (single !== undefined) tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  wasm.setWasmPaths({ ...options.urls });
  await activateEngine("wasm");
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const threads = wasm.getThreadsCount();
  const threadText = threads === 1 ? `1 thread${single === undefined ? "" : ` (${single})`}` : `${threads} threads, shared memory`;
  return { engine: "wasm", description: `${tfjsVersion()} wasm (XNNPACK), ${simd ? "SIMD" : "no SIMD"}, ${threadText}` };
}
