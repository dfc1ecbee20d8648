/**
 * @alexnet-ts/backend-webgl for browsers (the "browser" export condition): gpu.js on the browser's
 * WebGL2 and WebGPU, and its WebAssembly mode. No headless-gl or Dawn (those stay in index.ts).
 */
export { gpujsBrowserProviders } from "./browser-providers.js";
export { assembleGpujsBackend } from "./assemble-backend.js";
export { backendNames, ModeUnavailableError, type GpujsBackendOptions } from "./mode-names.js";
export type { GpujsMode } from "./runtime/device.js";
export type { GpuTensor } from "./runtime/gpu-tensor.js";

import { gpujsBrowserProviders } from "./browser-providers.js";
/** The providers under the name the backend registries look for. */
export const backendProviders = gpujsBrowserProviders;
