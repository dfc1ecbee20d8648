export * from "./errors.js";
export * from "./atomic-write.js";
export * from "./safetensors.js";
export * from "./checkpoint.js";
