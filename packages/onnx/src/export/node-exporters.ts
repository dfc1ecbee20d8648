import { lrnAlphaToOnnx, opDefinitions, type GraphNode, type OpType, type Shape } from "@alexnet-ts/ir";
import { attribute } from "../attributes.js";
import { OnnxError } from "../errors.js";
import type { AttributeProto } from "../generated/onnx_pb.js";

/** One IR node as ONNX: the inputs after the data input, its attributes, and its op type where it differs from the IR's declaration. */
export interface ExportedNode {
  /** Only where the op's declared ONNX type (`opDefinitions[op].names.onnx`) does not fit this node. */
  readonly opType?: string;
  /** Initializer names read after the node's data input (weights, bias, dropout's ratio). */
  readonly extraInputs: readonly string[];
  readonly attributes: readonly AttributeProto[];
}

/** What a converter may know and do besides reading its node. */
export interface ExportContext {
  /** The node's input shape, batch first. */
  readonly inputShape: Shape;
  /** "<prefix>.<local name>": the initializer name of one of the node's parameters. */
  parameter(localName: string): string;
  /** Adds a constant float32 scalar initializer (dropout's ratio) and returns its name. */
  scalar(name: string, value: number): string;
}

type NodeOf<K extends OpType> = Extract<GraphNode, { op: K }>;

/** One converter per IR op: a new IR op is a compile error here until its ONNX form is written. */
export const nodeExporters: { readonly [K in OpType]: (node: NodeOf<K>, context: ExportContext) => ExportedNode } = {
  conv2d(node, context) {
    const { kernel, stride, padding, dilation, groups, bias } = node.attributes;
    return {
      extraInputs: bias ? [context.parameter("weight"), context.parameter("bias")] : [context.parameter("weight")],
      attributes: [attribute.ints("kernel_shape", kernel), attribute.ints("strides", stride), attribute.ints("pads", padding), attribute.ints("dilations", dilation), attribute.int("group", groups)],
    };
  },
  maxPool2d(node) {
    const { kernel, stride, padding, dilation, ceilMode } = node.attributes;
    return {
      extraInputs: [],
      attributes: [attribute.ints("kernel_shape", kernel), attribute.ints("strides", stride), attribute.ints("pads", padding), attribute.ints("dilations", dilation), attribute.int("ceil_mode", ceilMode ? 1 : 0)],
    };
  },
  avgPool2d(node) {
    const { kernel, stride, padding, dilation, ceilMode, countIncludePad } = node.attributes;
    // AveragePool gained dilations only in opset 19; the export targets opset 13.
    if (dilation[0] !== 1 || dilation[1] !== 1) throw new OnnxError(`${node.name}: dilated average pooling needs ONNX opset 19, but the export writes opset 13`);
    return {
      extraInputs: [],
      attributes: [attribute.ints("kernel_shape", kernel), attribute.ints("strides", stride), attribute.ints("pads", padding), attribute.int("ceil_mode", ceilMode ? 1 : 0), attribute.int("count_include_pad", countIncludePad ? 1 : 0)],
    };
  },
  adaptiveAvgPool2d(node, context) {
    const [height, width] = [context.inputShape[2], context.inputShape[3]];
    const [outputHeight, outputWidth] = node.attributes.outputSize;
    if (outputHeight === 1 && outputWidth === 1) return { opType: "GlobalAveragePool", extraInputs: [], attributes: [] };
    // With sizes that divide, every adaptive window has the same size and stride: a fixed AveragePool
    // (torchvision's 6×6 pool at a 224 input sees 6×6, a 1×1 identity window).
    if (height % outputHeight !== 0 || width % outputWidth !== 0) {
      throw new OnnxError(
        `${node.name}: adaptive average pooling from ${height}×${width} to ${outputHeight}×${outputWidth} has windows of different sizes, which ONNX's AveragePool cannot express; choose an input size whose feature map there is a multiple of ${outputHeight}×${outputWidth}`,
      );
    }
    const window = [height / outputHeight, width / outputWidth];
    return {
      extraInputs: [],
      attributes: [attribute.ints("kernel_shape", window), attribute.ints("strides", window), attribute.ints("pads", [0, 0, 0, 0]), attribute.int("ceil_mode", 0), attribute.int("count_include_pad", 0)],
    };
  },
  relu: () => ({ extraInputs: [], attributes: [] }),
  tanh: () => ({ extraInputs: [], attributes: [] }),
  sigmoid: () => ({ extraInputs: [], attributes: [] }),
  localResponseNorm(node) {
    const { size, alpha, beta, k } = node.attributes;
    // ONNX divides alpha by size inside the op; the IR applies it to the plain sum.
    return { extraInputs: [], attributes: [attribute.int("size", size), attribute.float("alpha", lrnAlphaToOnnx(alpha, size)), attribute.float("beta", beta), attribute.float("bias", k)] };
  },
  batchNorm2d(node, context) {
    return {
      extraInputs: ["weight", "bias", "running_mean", "running_var"].map((name) => context.parameter(name)),
      // ONNX's momentum weighs the old running value; the IR's (PyTorch's) weighs the new batch.
      attributes: [attribute.float("epsilon", node.attributes.epsilon), attribute.float("momentum", 1 - node.attributes.momentum)],
    };
  },
  dropout(node, context) {
    // At inference ONNX's Dropout passes its input through (training_mode is absent, so false).
    return { extraInputs: [context.scalar(`${node.name}.ratio`, node.attributes.rate)], attributes: [] };
  },
  flatten: () => ({ extraInputs: [], attributes: [attribute.int("axis", 1)] }),
  linear(node, context) {
    // Gemm with transB computes x·Wᵀ + b on PyTorch's [out, in] weight, as torch.onnx writes nn.Linear.
    return {
      extraInputs: node.attributes.bias ? [context.parameter("weight"), context.parameter("bias")] : [context.parameter("weight")],
      attributes: [attribute.int("transB", 1)],
    };
  },
  softmax: () => ({ extraInputs: [], attributes: [attribute.int("axis", 1)] }),
  logSoftmax: () => ({ extraInputs: [], attributes: [attribute.int("axis", 1)] }),
};

/** The converter of any node (the Record's lookup, typed for a node of unknown op), its op type filled in from the IR's declaration. */
export function exportNode(node: GraphNode, context: ExportContext): Required<ExportedNode> {
  const converter = nodeExporters[node.op] as (node: GraphNode, context: ExportContext) => ExportedNode;
  const exported = converter(node, context);
  return { ...exported, opType: exported.opType ?? opDefinitions[node.op].names.onnx };
}
