import type { Backend } from "@alexnet-ts/engine";
import { assembleGpujsBackend } from "./assemble-backend.js";
import { hasHeadlessGl } from "./environment/headless-gl.js";
import { installNodeWebGpu } from "@alexnet-ts/node-webgpu";
import { ModeUnavailableError, type GpujsBackendOptions } from "./mode-names.js";
import type { GpujsMode } from "./runtime/device.js";
import type { GpuTensor } from "./runtime/gpu-tensor.js";

export { backendNames, ModeUnavailableError, type GpujsBackendOptions } from "./mode-names.js";

/**
 * The gpu.js backend in one mode. Prepares the environment (WebGPU in Node, headless-gl), runs a
 * probe kernel, and refuses to start when gpu.js would silently run another engine than the one
 * asked for.
 */
export async function createGpujsBackend(mode: GpujsMode, options: GpujsBackendOptions = {}): Promise<Backend<GpuTensor>> {
  return assembleGpujsBackend(mode, await prepare(mode), options);
}

/** Sets up what a mode needs and returns a description of the engine underneath. */
async function prepare(mode: GpujsMode): Promise<string> {
  if (mode === "wasm") return "WebAssembly (SIMD, 1 thread)";
  if (mode === "webgpu") {
    const status = await installNodeWebGpu();
    if (!status.available) throw new ModeUnavailableError(mode, status.reason, status.howToEnable);
    return status.adapter;
  }
  if (typeof document !== "undefined") return "WebGL2";
  const status = hasHeadlessGl();
  if (!status.available) throw new ModeUnavailableError(mode, status.reason, status.howToEnable);
  return `headless-gl (WebGL 1 over ANGLE) on ${status.renderer}`;
}
