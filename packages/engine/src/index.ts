export * from "./backend.js";
export * from "./backend-options.js";
export * from "./op-names.js";
export * from "./provider.js";
export * from "./random.js";
export { ContractVersionError, defaultOverrides, overriddenOps, withDefaults } from "./defaults/index.js";
export { drawInitialValues, mixSeeds } from "./initialize.js";
export { countCorrect, createModel, Model, NonFiniteLossError, type HostTensor, type ModelOptions, type ParameterUpdater } from "./model.js";
export { createSgdOptimizer, type SgdOptimizer } from "./optimizer.js";
