import type { Backend, BackendProvider } from "@alexnet-ts/engine";
import { assembleGpujsBackend } from "./assemble-backend.js";
import { backendNames, ModeUnavailableError, modeRanks } from "./mode-names.js";
import { probedAvailability } from "./mode-availability.js";
import type { GpujsMode } from "./runtime/device.js";

interface BrowserGpu {
  requestAdapter(): Promise<{ readonly info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

/** What each mode runs on in a browser, or why it cannot (the browser's own WebGL2 and WebGPU; no headless-gl, no Dawn). */
async function prepareInBrowser(mode: GpujsMode): Promise<string> {
  if (mode === "wasm") return "WebAssembly (SIMD, 1 thread)";
  if (mode === "webgpu") {
    const gpu = (globalThis as { navigator?: { gpu?: BrowserGpu } }).navigator?.gpu;
    if (gpu === undefined) throw new ModeUnavailableError(mode, "this browser has no navigator.gpu", "use a browser with WebGPU (Chrome 113+), or Chromium with --enable-unsafe-webgpu");
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (adapter === null) throw new ModeUnavailableError(mode, "navigator.gpu offers no adapter", "use a machine with a GPU WebGPU accepts (Chromium: --enable-unsafe-webgpu)");
    const words = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter((word): word is string => typeof word === "string" && word.length > 0);
    return `browser WebGPU${words.length > 0 ? `: ${[...new Set(words)].join(" ")}` : ""}`;
  }
  const canvas = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : typeof document !== "undefined" ? document.createElement("canvas") : undefined;
  if (canvas?.getContext("webgl2") == null) throw new ModeUnavailableError(mode, "this browser gives no WebGL2 context", "enable hardware acceleration, or use a browser with WebGL2");
  return typeof document === "undefined" ? "browser WebGL2 (OffscreenCanvas in a worker)" : "browser WebGL2";
}

/** Whether a mode really runs in this browser: the backend is made (probe kernel included) and closed again; cached. */
const modeAvailability = probedAvailability(
  async (mode) => assembleGpujsBackend(mode, await prepareInBrowser(mode)),
  (mode, error) => ({ available: false, reason: `gpu.js failed in ${backendNames[mode]} mode: ${error.message.split("\n")[0]}`, howToEnable: "try another backend" }),
);

function modeProvider(mode: GpujsMode, description: string): BackendProvider {
  return {
    name: backendNames[mode],
    rank: modeRanks[mode],
    description,
    availability: () => modeAvailability(mode),
    async create(): Promise<Backend> {
      return (await assembleGpujsBackend(mode, await prepareInBrowser(mode))) as unknown as Backend;
    },
  };
}

/** The gpu.js modes a browser can run, by the same names as in Node. */
export const gpujsBrowserProviders: readonly BackendProvider[] = [
  modeProvider("webgl", "gpu.js on the browser's WebGL2"),
  modeProvider("webgpu", "gpu.js on the browser's WebGPU (navigator.gpu)"),
  modeProvider("wasm", "gpu.js on WebAssembly with SIMD, on the CPU"),
];
