export { backendNames, createGpujsBackend, ModeUnavailableError, type GpujsBackendOptions } from "./create-backend.js";
export { gpujsBackendProviders, preferenceOrder } from "./providers.js";
export { hasHeadlessGl, openGlDriver, type HeadlessGlStatus } from "./environment/headless-gl.js";
export { installNodeWebGpu, swiftShaderIcd, type NodeWebGpuStatus } from "@alexnet-ts/node-webgpu";
export type { GpujsMode } from "./runtime/device.js";
export type { GpuTensor } from "./runtime/gpu-tensor.js";

import { gpujsBackendProviders } from "./providers.js";
/** The providers under the name the CLI's backend registry looks for. */
export const backendProviders = gpujsBackendProviders;
