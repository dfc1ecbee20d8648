export * from "./backend.js";
export * from "./random.js";
export { defaultOverrides, overriddenOps, withDefaults } from "./defaults/index.js";
