/**
 * @alexnet-ts/backend-tfjs for browsers (the "browser" export condition): the tfjs-cpu, tfjs-wasm,
 * tfjs-webgl and tfjs-webgpu engines on the browser's own WebAssembly, WebGL and WebGPU. No
 * headless-gl, Dawn, tfjs-node or file system (those stay in index.ts, for Node).
 */
export { tfjsBrowserProviders } from "./browser-providers.js";
export type { BrowserWasmOptions, WasmBinaryUrls } from "./engines/browser-wasm.js";
export { createTfjsBackend, type EngineStart, type TfjsBackend } from "./backend.js";
export { TfjsTensor, type AxisOrder } from "./tensor.js";
