export * from "./variants/index.js";
