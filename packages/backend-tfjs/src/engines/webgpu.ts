import type { BackendProvider } from "@alexnet-ts/engine";
import type { EngineStart } from "../backend.js";
import { activateEngine, tfjsVersion } from "./activate.js";
import { installNodeWebGpu } from "@alexnet-ts/node-webgpu";

/** Whether tfjs-webgpu can run: a WebGPU adapter from the platform or from Dawn in Node. */
export async function webGpuAvailability(): ReturnType<BackendProvider["availability"]> {
  const status = await installNodeWebGpu();
  return status.available ? { available: true } : status;
}

/**
 * tfjs-backend-webgpu. It registers itself only when `navigator.gpu` exists when it is first
 * imported, so navigator.gpu is installed (Dawn, in Node) before the import.
 */
export async function startWebGpu(): Promise<EngineStart> {
  const status = await installNodeWebGpu();
  if (!status.available) throw new Error(`tfjs-webgpu: ${status.reason} (${status.howToEnable})`);
  await import("@tensorflow/tfjs-backend-webgpu");
  await activateEngine("webgpu");
  return { engine: "webgpu", description: `${tfjsVersion()} webgpu (${status.adapter})` };
}
