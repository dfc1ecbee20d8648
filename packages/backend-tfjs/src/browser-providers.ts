import type { Backend, BackendProvider } from "@alexnet-ts/engine";
import { createTfjsBackend, type EngineStart } from "./backend.js";
import { startBrowserWasm, type BrowserWasmOptions } from "./engines/browser-wasm.js";
import { browserWebGlVersion, startBrowserWebGl } from "./engines/browser-webgl.js";
import { browserWebGpuAdapter, startBrowserWebGpu } from "./engines/browser-webgpu.js";
import { startCpu } from "./engines/cpu.js";
import { tfjsRanks } from "./ranks.js";

type Availability = Awaited<ReturnType<BackendProvider["availability"]>>;

function provider(name: string, description: string, availability: () => Promise<Availability>, start: () => Promise<EngineStart>): BackendProvider {
  return {
    name,
    rank: tfjsRanks[name],
    description,
    availability,
    async create(): Promise<Backend> {
      const status = await availability();
      if (!status.available) throw new Error(`${name} is not available in this browser: ${status.reason} (to enable it: ${status.howToEnable})`);
      return createTfjsBackend(name, await start()) as unknown as Backend;
    },
  };
}

const always = async (): Promise<Availability> => ({ available: true });

/**
 * The TensorFlow.js engines a browser can run, by the same names as in Node. tfjs-node is Node
 * only; tfjs-wasm needs the URLs of its binaries (the app's bundler knows them) and whether its
 * threaded build may start (see BrowserWasmOptions). As in Node, one tfjs engine is active at a
 * time per JavaScript realm.
 */
export function tfjsBrowserProviders(wasm: BrowserWasmOptions): readonly BackendProvider[] {
  return [
    provider("tfjs-wasm", "TensorFlow.js WebAssembly engine (XNNPACK, SIMD; threads when the page is cross-origin isolated)", always, () => startBrowserWasm(wasm)),
    provider("tfjs-cpu", "TensorFlow.js plain JavaScript engine", always, async () => {
      const started = await startCpu();
      // In the app it runs in the compute worker, not on the page's main thread.
      return { ...started, description: started.description.replace("main thread", "on the calling thread") };
    }),
    provider(
      "tfjs-webgl",
      "TensorFlow.js WebGL engine (the browser's WebGL2)",
      async () => (browserWebGlVersion() > 0 ? { available: true } : { available: false, reason: "this browser gives no WebGL context", howToEnable: "enable hardware acceleration or use a browser with WebGL2" }),
      startBrowserWebGl,
    ),
    provider(
      "tfjs-webgpu",
      "TensorFlow.js WebGPU engine (the browser's navigator.gpu)",
      async () => {
        const found = await browserWebGpuAdapter();
        return "reason" in found ? { available: false, reason: found.reason, howToEnable: "use a browser with WebGPU (Chrome 113+), or Chromium with --enable-unsafe-webgpu" } : { available: true };
      },
      startBrowserWebGpu,
    ),
  ];
}
