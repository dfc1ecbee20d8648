export * from "./reference/index.js";
export { createReferenceBackend, ReferenceBackendTensor, type ReferenceBackendOptions } from "./reference-backend.js";
