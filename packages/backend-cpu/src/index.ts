export { createCpuBackend, createCpuImplementation, describeCpuBackend } from "./backend.js";
export { cpuBackendProvider } from "./provider.js";
export { CpuTensor } from "./tensor.js";
export { allocate, storageIsShared } from "./storage.js";

import { cpuBackendProvider as provider } from "./provider.js";
/** How the `alexnet` CLI finds this package's backends (its package.json lists their names). */
export const backendProviders = [provider];
