export * from "./reference/index.js";
export { createReferenceBackend, ReferenceBackendTensor, type ReferenceBackendOptions } from "./reference-backend.js";
export { runConformance, conformanceGroups, overrideSummary, type ConformanceSubject } from "./run-conformance.js";
export { defaultTolerance, onnxTolerance, type ConformanceOptions, type Tolerance } from "./options.js";
export { compareValues } from "./compare.js";
export { CaseContext, runCase, type CaseGroup, type ConformanceCase } from "./case.js";
export { referenceFiniteDifference, backendFiniteDifference } from "./cases/gradient-cases.js";
export { modelTolerance } from "./cases/model-cases.js";
