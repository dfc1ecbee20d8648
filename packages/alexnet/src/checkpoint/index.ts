export * from "./errors.js";
export * from "./atomic-write.js";
export * from "./output-paths.js";
export * from "./safetensors.js";
export * from "./checkpoint.js";
export * from "./torchvision-layout.js";
