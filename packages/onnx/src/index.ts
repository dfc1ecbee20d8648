export { OnnxError } from "./errors.js";
export type { WeightTensor } from "./tensor.js";
export { exportOnnx, exportOnnxModel, exportIrVersion, exportOpset, type ExportOptions } from "./export/export-model.js";
export { nodeExporters } from "./export/node-exporters.js";
export { importOnnx, importOnnxModel, type ImportedModel } from "./import/import-model.js";
export { importedOnnxOps, type ImportedOnnxOp } from "./import/node-importers.js";
export { annotationsKey, type GraphAnnotations } from "./annotations.js";
export * as onnxSchema from "./generated/onnx_pb.js";
