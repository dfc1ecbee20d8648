export * from "./backend.js";
export * from "./random.js";
export { defaultOverrides, overriddenOps, withDefaults } from "./defaults/index.js";
export { drawInitialValues, mixSeeds } from "./initialize.js";
export { countCorrect, createModel, Model, NonFiniteLossError, type HostTensor, type ModelOptions, type ParameterUpdater } from "./model.js";
export { createSgdOptimizer, type SgdOptimizer } from "./optimizer.js";
