export * from "./shape.js";
export * from "./errors.js";
export * from "./op.js";
export * from "./ops/index.js";
export * from "./graph.js";
export * from "./builder.js";
export * from "./json.js";
export * from "./summary/index.js";
