export { createCpuBackend, createCpuImplementation, describeCpuBackend } from "./backend.js";
export { cpuBackendProvider } from "./provider.js";
export { CpuTensor } from "./tensor.js";
export { allocate, configureStorage, storageIsShared, type StorageConfiguration } from "./storage.js";
export { activeGemmKernel, closeGemm, configureGemm, gemm, gemmInfo, gemmKernels, initializeGemm, type GemmConfiguration, type GemmKernel, type GemmParams } from "./gemm/index.js";
export { convolutionVariable, kernelVariable, threadsVariable } from "./environment.js";
export { configureConvolution, convolutionAlgorithm, convolutionAlgorithms, type ConvolutionAlgorithm } from "./winograd/algorithm.js";

import { cpuBackendProvider as provider } from "./provider.js";
/** How the `alexnet` CLI finds this package's backends (its package.json lists their names). */
export const backendProviders = [provider];
