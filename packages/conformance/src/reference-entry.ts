// The float64 reference and the reference backend alone, without the test suite (no vitest, no
// node:fs): what a backend's own source may import, e.g. a scaffolded backend delegating to it.
export * from "./reference/index.js";
export { createReferenceBackend, ReferenceBackendTensor, type ReferenceBackendOptions } from "./reference-backend.js";
