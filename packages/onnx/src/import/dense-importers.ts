import type { GraphNode } from "@alexnet-ts/ir";
import { OnnxError } from "../errors.js";
import type { NodeProto } from "../generated/onnx_pb.js";
import type { WeightTensor } from "../tensor.js";
import type { ImportContext } from "./import-context.js";

/** [rows, columns] → [columns, rows]. */
function transpose(tensor: WeightTensor): WeightTensor {
  const [rows, columns] = tensor.shape;
  const values = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) values[column * rows + row] = tensor.values[row * columns + column];
  return { shape: [columns, rows], values };
}

function scaled(tensor: WeightTensor, factor: number): WeightTensor {
  return factor === 1 ? tensor : { shape: tensor.shape, values: tensor.values.map((value) => value * factor) };
}

/** A bias that is the same for every batch row ([out], [1, out], a scalar or [1]) as [out]. */
function perOutputBias(context: ImportContext, node: NodeProto, bias: WeightTensor, outFeatures: number): WeightTensor {
  const count = bias.values.length;
  const rowsOfBias = bias.shape.length === 2 ? bias.shape[0] : 1;
  if (count === 1) return { shape: [outFeatures], values: new Float32Array(outFeatures).fill(bias.values[0]) };
  if (count === outFeatures && rowsOfBias === 1) return { shape: [outFeatures], values: bias.values };
  throw new OnnxError(`${context.label(node)}: a bias of shape [${bias.shape.join(", ")}] differs per batch row, but the IR's linear layer has one bias per output`);
}

function requireMatrixInput(context: ImportContext, node: NodeProto, inputName: string): number {
  const shape = context.shapeOf(inputName);
  if (shape.length !== 2) throw new OnnxError(`${context.label(node)}: its input must be 2-D [batch, features] (flatten first), but is [${shape.join(", ")}]`);
  return shape[1];
}

/** Gemm: y = alpha·A·op(B) + beta·C with A the data, B and C constants → a linear layer (alpha and beta folded in). */
export function importGemm(context: ImportContext, node: NodeProto): void {
  const attributes = context.attributes(node);
  if (attributes.int("transA", 0) !== 0) throw new OnnxError(`${context.label(node)}: transA=1 transposes the data, which the IR's linear layer cannot`);
  const inputName = context.producer(node);
  const inFeatures = requireMatrixInput(context, node, inputName);
  const matrix = context.floatConstant(node, 1, "weight (B)");
  if (matrix.shape.length !== 2) throw new OnnxError(`${context.label(node)}: its B must be 2-D`);
  // The IR's weight is PyTorch's [out, in]: B itself with transB=1, its transpose without.
  const weight = scaled(attributes.int("transB", 0) === 1 ? matrix : transpose(matrix), attributes.float("alpha", 1));
  if (weight.shape[1] !== inFeatures) throw new OnnxError(`${context.label(node)}: its B gives ${weight.shape[1]} input features, but its input has ${inFeatures}`);
  const hasBias = node.input.length > 2 && node.input[2] !== "";
  const weights: Record<string, { sourceName: string; tensor: WeightTensor }> = { weight: { sourceName: node.input[1], tensor: weight } };
  if (hasBias) {
    const bias = scaled(perOutputBias(context, node, context.floatConstant(node, 2, "bias (C)"), weight.shape[0]), attributes.float("beta", 1));
    weights.bias = { sourceName: node.input[2], tensor: bias };
  }
  context.emit(node, inputName, { op: "linear", attributes: { outFeatures: weight.shape[0], inFeatures, bias: hasBias } }, weights);
}

/** MatMul of the data by a constant [in, out] matrix → a linear layer without bias (an Add after it supplies one). */
export function importMatMul(context: ImportContext, node: NodeProto): void {
  const inputName = context.producer(node);
  const inFeatures = requireMatrixInput(context, node, inputName);
  const matrix = context.floatConstant(node, 1, "second operand");
  if (matrix.shape.length !== 2 || matrix.shape[0] !== inFeatures) {
    throw new OnnxError(`${context.label(node)}: its second operand must be a [${inFeatures}, out] matrix, but is [${matrix.shape.join(", ")}]`);
  }
  const weight = transpose(matrix);
  context.emit(node, inputName, { op: "linear", attributes: { outFeatures: weight.shape[0], inFeatures, bias: false } }, { weight: { sourceName: node.input[1], tensor: weight } });
}

/** Add of a constant to a MatMul's output (read by nothing else) → that linear layer's bias. */
export function importAdd(context: ImportContext, node: NodeProto): void {
  const refuse = (): never => {
    throw new OnnxError(`${context.label(node)}: Add is imported only as the bias right after a MatMul (the IR has no elementwise addition)`);
  };
  const dataIndex = context.isConstant(node.input[0]) ? 1 : 0;
  const constantIndex = 1 - dataIndex;
  if (!context.isConstant(node.input[constantIndex]) || context.isConstant(node.input[dataIndex])) refuse();
  const producer = context.nodes.find((candidate) => candidate.name === context.producer(node, dataIndex));
  if (producer === undefined || producer.op !== "linear" || producer.attributes.bias || (context.consumers.get(node.input[dataIndex]) ?? 0) !== 1) refuse();
  const linear = producer as Extract<GraphNode, { op: "linear" }>;
  const bias = perOutputBias(context, node, context.floatConstant(node, constantIndex, "bias"), linear.attributes.outFeatures);
  context.replace(linear.name, { ...linear, attributes: { ...linear.attributes, bias: true } }, { bias }, node.output[0]);
}
