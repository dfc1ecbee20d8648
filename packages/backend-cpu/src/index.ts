export { createCpuBackend, createCpuImplementation, describeCpuBackend } from "./backend.js";
export { cpuBackendProvider } from "./provider.js";
export { CpuTensor } from "./tensor.js";
export { allocate, storageIsShared } from "./storage.js";
