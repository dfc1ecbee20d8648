// The float64 reference and the reference backend alone, without the test suite (no vitest, no
// node:fs): what code that is not a test may import, e.g. a tool, or an oracle in a backend's own tests.
export * from "./reference/index.js";
export { createReferenceBackend, ReferenceBackendTensor, type ReferenceBackendOptions } from "./reference-backend.js";
