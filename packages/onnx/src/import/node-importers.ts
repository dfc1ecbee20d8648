import { elementCount, lrnAlphaFromOnnx } from "@alexnet-ts/ir";
import { OnnxError } from "../errors.js";
import type { NodeProto } from "../generated/onnx_pb.js";
import { floatTensorProto } from "../tensor.js";
import { importAdd, importGemm, importMatMul } from "./dense-importers.js";
import type { ImportContext, NodeDraft } from "./import-context.js";
import { importAveragePool, importConv, importGlobalAveragePool, importMaxPool, importPad } from "./window-importers.js";

/** The ONNX ops the import reads: those built from the IR's ops, and the glue exporters put around them. */
export const importedOnnxOps = [
  "Conv",
  "Relu",
  "Tanh",
  "Sigmoid",
  "LRN",
  "MaxPool",
  "AveragePool",
  "GlobalAveragePool",
  "BatchNormalization",
  "Gemm",
  "MatMul",
  "Add",
  "Flatten",
  "Reshape",
  "Dropout",
  "Softmax",
  "LogSoftmax",
  "Concat",
  "Pad",
  "Identity",
  "Constant",
] as const;

export type ImportedOnnxOp = (typeof importedOnnxOps)[number];

type NodeImporter = (context: ImportContext, node: NodeProto) => void;

/** An op with one input and no attributes the IR keeps. */
const elementwise = (draft: NodeDraft): NodeImporter => (context, node) => context.emit(node, context.producer(node), draft);

/** One importer per ONNX op read; any other op is refused in one line naming it. */
export const nodeImporters: { readonly [K in ImportedOnnxOp]: NodeImporter } = {
  Conv: importConv,
  Relu: elementwise({ op: "relu", attributes: {} }),
  Tanh: elementwise({ op: "tanh", attributes: {} }),
  Sigmoid: elementwise({ op: "sigmoid", attributes: {} }),
  LRN(context, node) {
    const attributes = context.attributes(node);
    const size = attributes.int("size", 0);
    if (size < 1) throw new OnnxError(`${context.label(node)}: needs a size attribute of at least 1`);
    // ONNX divides alpha by size inside the op; the IR's alpha applies to the plain sum.
    const alpha = lrnAlphaFromOnnx(attributes.float("alpha", 1e-4), size);
    context.emit(node, context.producer(node), { op: "localResponseNorm", attributes: { size, alpha, beta: attributes.float("beta", 0.75), k: attributes.float("bias", 1) } });
  },
  MaxPool: importMaxPool,
  AveragePool: importAveragePool,
  GlobalAveragePool: importGlobalAveragePool,
  BatchNormalization(context, node) {
    const attributes = context.attributes(node);
    if (attributes.int("training_mode", 0) !== 0) throw new OnnxError(`${context.label(node)}: training_mode=1 normalizes by the batch's statistics; only inference batch normalization is imported`);
    if (attributes.int("spatial", 1) !== 1) throw new OnnxError(`${context.label(node)}: spatial=0 (per-position statistics) is not imported`);
    context.requireSingleOutput(node, "running statistics");
    const inputName = context.producer(node);
    const names = ["weight", "bias", "running_mean", "running_var"] as const;
    const roles = ["scale", "B", "input_mean", "input_var"];
    const weights = Object.fromEntries(names.map((name, index) => [name, { sourceName: node.input[index + 1], tensor: context.floatConstant(node, index + 1, roles[index]) }]));
    // ONNX's momentum weighs the old running value; the IR's (PyTorch's) weighs the new batch.
    context.emit(node, inputName, { op: "batchNorm2d", attributes: { epsilon: attributes.float("epsilon", 1e-5), momentum: 1 - attributes.float("momentum", 0.9) } }, weights);
  },
  Gemm: importGemm,
  MatMul: importMatMul,
  Add: importAdd,
  Flatten(context, node) {
    const inputName = context.producer(node);
    const rank = context.shapeOf(inputName).length;
    const axis = context.attributes(node).int("axis", 1);
    if ((axis < 0 ? axis + rank : axis) !== 1) throw new OnnxError(`${context.label(node)}: only axis=1 (keep the batch, flatten the rest) maps to the IR's flatten, but axis is ${axis}`);
    context.emit(node, inputName, { op: "flatten", attributes: {} });
  },
  Reshape(context, node) {
    const inputName = context.producer(node);
    const shape = context.shapeOf(inputName);
    const requested = context.opset < 5 ? context.attributes(node).ints("shape", []) : context.integerConstant(node, 1, "shape");
    if (requested === undefined) throw new OnnxError(`${context.label(node)}: needs a shape input`);
    const allowZero = context.attributes(node).int("allowzero", 0) === 1;
    const target = resolveReshape(shape, requested, allowZero);
    if (target !== undefined && target.join() === shape.join()) context.alias(node);
    else if (target !== undefined && target.length === 2 && target[0] === shape[0]) context.emit(node, inputName, { op: "flatten", attributes: {} });
    else throw new OnnxError(`${context.label(node)}: reshaping [${shape.join(", ")}] to [${requested.join(", ")}] is not a flatten to [batch, features], the only reshape the IR has`);
  },
  Dropout(context, node) {
    context.requireSingleOutput(node, "mask");
    const inputName = context.producer(node);
    const training = node.input[2] ? context.integerConstant(node, 2, "training_mode") : undefined;
    if (training !== undefined && training[0] !== 0) throw new OnnxError(`${context.label(node)}: training_mode is true, so it drops units at inference; only inference dropout (identity) is imported`);
    const rate = context.opset < 12 ? context.attributes(node).float("ratio", 0.5) : node.input[1] ? context.floatConstant(node, 1, "ratio").values[0] : 0.5;
    context.emit(node, inputName, { op: "dropout", attributes: { rate } });
  },
  Softmax: classAxisImporter("softmax"),
  LogSoftmax: classAxisImporter("logSoftmax"),
  Concat(context, node) {
    if (node.input.length !== 1) throw new OnnxError(`${context.label(node)}: concatenation of ${node.input.length} inputs is not imported (the IR's graphs are chains of one-input layers)`);
    context.alias(node);
  },
  Pad: importPad,
  Identity: (context, node) => context.alias(node),
  Constant(context, node) {
    const attributes = context.attributes(node);
    const floats = attributes.floats("value_floats") ?? (attributes.has("value_float") ? [attributes.float("value_float", 0)] : undefined);
    const tensor = attributes.tensor("value") ?? (floats === undefined ? undefined : floatTensorProto(node.output[0], { shape: attributes.has("value_float") ? [] : [floats.length], values: Float32Array.from(floats) }));
    if (tensor === undefined) throw new OnnxError(`${context.label(node)}: only a tensor, value_float or value_floats constant is imported`);
    context.defineConstant(node.output[0], tensor);
  },
};

/** Softmax and LogSoftmax over the class axis of a [batch, classes] input (opset 13 defaults to the last axis, earlier opsets to axis 1). */
function classAxisImporter(op: "softmax" | "logSoftmax"): NodeImporter {
  return (context, node) => {
    const inputName = context.producer(node);
    const rank = context.shapeOf(inputName).length;
    const axis = context.attributes(node).int("axis", context.opset < 13 ? 1 : -1);
    if (rank !== 2 || (axis < 0 ? axis + rank : axis) !== 1) {
      throw new OnnxError(`${context.label(node)}: only the class axis of a 2-D [batch, classes] input is imported, but the input has rank ${rank} and axis is ${axis}`);
    }
    context.emit(node, inputName, { op, attributes: {} });
  };
}

/** Reshape's target with 0 (copy the input's dimension, unless allowzero) and −1 (infer) resolved; undefined if it does not fit. */
function resolveReshape(shape: readonly number[], requested: readonly number[], allowZero: boolean): number[] | undefined {
  const resolved = requested.map((dimension, index) => (dimension === 0 && !allowZero ? shape[index] : dimension));
  const inferred = resolved.indexOf(-1);
  const known = resolved.filter((dimension) => dimension !== -1).reduce((product, dimension) => product * dimension, 1);
  const total = elementCount(shape);
  if (inferred >= 0) {
    if (known === 0 || total % known !== 0) return undefined;
    resolved[inferred] = total / known;
  }
  return elementCount(resolved) === total ? resolved : undefined;
}

export function isImportedOnnxOp(opType: string): opType is ImportedOnnxOp {
  return Object.prototype.hasOwnProperty.call(nodeImporters, opType);
}
