/**
 * @alexnet-ts/backend-tfjs: the backend contract on TensorFlow.js's engines — tfjs-cpu,
 * tfjs-wasm, tfjs-webgl, tfjs-webgpu and, where it is installed, tfjs-node.
 */
import { tfjsBackendProviders } from "./providers.js";

export { tfjsBackendProviders };
/** The name the CLI's backend registry looks for in every backend package. */
export const backendProviders = tfjsBackendProviders;
export { createTfjsBackend, type EngineStart, type TfjsBackend } from "./backend.js";
export { TfjsTensor, type AxisOrder } from "./tensor.js";
export { tfjsEngineTensorCount } from "./engine-tensor-count.js";
