export * from "./variants/index.js";
export * from "./data/index.js";
export * from "./augmentation/index.js";
export * from "./checkpoint/index.js";
export * from "./training/index.js";
export * from "./charts/index.js";
export * from "./experiment/index.js";
