export { createCpuBackend, createCpuImplementation, describeCpuBackend } from "./backend.js";
export { cpuBackendProvider } from "./provider.js";
export { CpuTensor } from "./tensor.js";
export { allocate, configureStorage, storageIsShared, type StorageConfiguration } from "./storage.js";
export { closeGemm, configureGemm, gemm, gemmInfo, initializeGemm, type GemmConfiguration, type GemmParams } from "./gemm/index.js";

import { cpuBackendProvider as provider } from "./provider.js";
/** How the `alexnet` CLI finds this package's backends (its package.json lists their names). */
export const backendProviders = [provider];
