import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";

interface AdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
}
interface BrowserGpu {
  requestAdapter(): Promise<{ readonly info?: AdapterInfo } | null>;
}

/** The browser's WebGPU adapter in words, or why there is none. */
export async function browserWebGpuAdapter(): Promise<{ adapter: string } | { reason: string }> {
  const gpu = (globalThis as { navigator?: { gpu?: BrowserGpu } }).navigator?.gpu;
  if (gpu === undefined) return { reason: "this browser has no navigator.gpu (WebGPU is off or unsupported)" };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (adapter === null) return { reason: "navigator.gpu offers no adapter (no GPU WebGPU accepts; Chromium: --enable-unsafe-webgpu)" };
  const words = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter((word): word is string => typeof word === "string" && word.length > 0);
  return { adapter: words.length > 0 ? [...new Set(words)].join(" ") : "adapter info hidden" };
}

/** tfjs-backend-webgpu on the browser's navigator.gpu. */
export async function startBrowserWebGpu(): Promise<EngineStart> {
  const found = await browserWebGpuAdapter();
  if ("reason" in found) throw new Error(`tfjs-webgpu: ${found.reason}`);
  await import("@tensorflow/tfjs-backend-webgpu");
  await activateEngine("webgpu");
  return { engine: "webgpu", description: `${tfjsVersion()} webgpu (browser WebGPU: ${found.adapter})` };
}
