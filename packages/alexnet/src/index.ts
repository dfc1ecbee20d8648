export * from "./variants/index.js";
export * from "./data/index.js";
