import type { Backend, BinaryOp, Tensor } from "@alexnet-ts/engine";
import { elementCount } from "../reference/index.js";
import type { CaseContext } from "../case.js";
import type { OnnxAttribute, OnnxNodeJson, OnnxTensorJson } from "./onnx-case.js";

/** A value flowing between nodes: a backend tensor, or host data (int64 shapes and axes, bool masks). */
export type OnnxValue = { readonly tensor: Tensor } | { readonly host: OnnxTensorJson };

/** The ONNX ops this runner maps onto the contract. */
export const supportedOnnxOps = new Set([
  "Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LRN", "Relu", "Tanh", "Sigmoid", "Gemm", "MatMul",
  "Softmax", "LogSoftmax", "BatchNormalization", "Dropout", "Flatten", "Reshape", "Transpose", "Concat", "Add", "Sub", "Mul",
  "Div", "Max", "Sum", "Exp", "Log", "ReduceMax", "ReduceSum", "Constant", "CastLike",
]);

const elementwise: Record<string, BinaryOp> = { Add: "add", Sub: "subtract", Mul: "multiply", Div: "divide", Max: "maximum", Sum: "add" };

function attribute<T extends OnnxAttribute>(node: OnnxNodeJson, name: string, fallback: T): T {
  return (node.attributes[name] as T | undefined) ?? fallback;
}

/**
 * Padding as [top, left, bottom, right] from ONNX's pads or auto_pad. SAME_UPPER/SAME_LOWER:
 * output = ceil(input / stride); the total padding that needs is split evenly, the odd cell at
 * the end (UPPER) or the beginning (LOWER).
 */
export function onnxPadding(node: OnnxNodeJson, spatial: number[], kernel: number[], stride: number[], dilation: number[]): [number, number, number, number] {
  const autoPad = attribute(node, "auto_pad", "NOTSET");
  if (autoPad === "NOTSET") {
    const pads = attribute<number[]>(node, "pads", [0, 0, 0, 0]);
    return [pads[0], pads[1], pads[2], pads[3]];
  }
  if (autoPad === "VALID") return [0, 0, 0, 0];
  const begin: number[] = [];
  const end: number[] = [];
  for (let axis = 0; axis < 2; axis++) {
    const output = Math.ceil(spatial[axis] / stride[axis]);
    const total = Math.max(0, (output - 1) * stride[axis] + (kernel[axis] - 1) * dilation[axis] + 1 - spatial[axis]);
    const small = Math.floor(total / 2);
    begin.push(autoPad === "SAME_UPPER" ? small : total - small);
    end.push(autoPad === "SAME_UPPER" ? total - small : small);
  }
  return [begin[0], begin[1], end[0], end[1]];
}

/** Runs one node on the backend, reading its inputs from and writing its outputs to `values`. */
export function runOnnxNode(context: CaseContext, node: OnnxNodeJson, values: Map<string, OnnxValue>, opset: number): void {
  const backend: Backend = context.backend;
  const keep = <T extends Tensor>(tensor: T): T => context.keep(tensor);
  const present = (index: number): boolean => node.inputs[index] !== undefined && node.inputs[index] !== "";
  const host = (index: number): OnnxTensorJson => {
    const value = values.get(node.inputs[index]);
    if (value === undefined || !("host" in value)) throw new Error(`onnx ${node.op}: input ${node.inputs[index]} must be constant host data`);
    return value.host;
  };
  const input = (index: number): Tensor => {
    const value = values.get(node.inputs[index]);
    if (value === undefined) throw new Error(`onnx ${node.op}: input ${node.inputs[index]} is not defined`);
    if ("tensor" in value) return value.tensor;
    if (value.host.dtype !== "float32") throw new Error(`onnx ${node.op}: input ${node.inputs[index]} is ${value.host.dtype}, not float32`);
    return keep(backend.upload(Float32Array.from(value.host.data as number[]), value.host.dims));
  };
  const output = (tensor: Tensor, index = 0): void => {
    if (node.outputs[index]) values.set(node.outputs[index], { tensor });
  };
  const rank4 = (tensor: Tensor): void => {
    if (tensor.shape.length !== 4) throw new Error(`onnx ${node.op}: only 2-D (NCHW) inputs are in the contract, got [${tensor.shape}]`);
  };
  const scalar = (value: number): Tensor => keep(backend.fill([], value));

  switch (node.op) {
    case "Constant": {
      const value = node.attributes.value as OnnxTensorJson;
      values.set(node.outputs[0], { host: value });
      return;
    }
    case "CastLike": {
      // Every tensor here is float32, so casting like one is the identity.
      values.set(node.outputs[0], { tensor: input(0) });
      return;
    }
    case "Conv": {
      const x = input(0);
      const filter = input(1);
      rank4(x);
      const kernel = attribute<number[]>(node, "kernel_shape", [filter.shape[2], filter.shape[3]]);
      const stride = attribute<number[]>(node, "strides", [1, 1]);
      const dilation = attribute<number[]>(node, "dilations", [1, 1]);
      const padding = onnxPadding(node, [x.shape[2], x.shape[3]], kernel, stride, dilation);
      const options = { stride: [stride[0], stride[1]], padding, dilation: [dilation[0], dilation[1]], groups: attribute<number>(node, "group", 1) } as const;
      output(keep(present(2) ? backend.conv2dBiasActivation(x, filter, input(2), { ...options, activation: "none" }) : backend.conv2d(x, filter, options)));
      return;
    }
    case "MaxPool":
    case "AveragePool": {
      const x = input(0);
      rank4(x);
      const kernel = attribute<number[]>(node, "kernel_shape", []);
      const stride = attribute<number[]>(node, "strides", [1, 1]);
      const dilation = attribute<number[]>(node, "dilations", [1, 1]);
      const options = {
        kernel: [kernel[0], kernel[1]],
        stride: [stride[0], stride[1]],
        padding: onnxPadding(node, [x.shape[2], x.shape[3]], kernel, stride, dilation),
        dilation: [dilation[0], dilation[1]],
        ceilMode: attribute<number>(node, "ceil_mode", 0) === 1,
        countIncludePad: attribute<number>(node, "count_include_pad", 0) === 1,
      } as const;
      output(keep(node.op === "MaxPool" ? backend.maxPool2d(x, options) : backend.avgPool2d(x, options)));
      return;
    }
    case "GlobalAveragePool": {
      const x = input(0);
      rank4(x);
      output(keep(backend.adaptiveAvgPool2d(x, [1, 1])));
      return;
    }
    case "GlobalMaxPool": {
      const x = input(0);
      rank4(x);
      const window = [x.shape[2], x.shape[3]] as const;
      output(keep(backend.maxPool2d(x, { kernel: window, stride: window, padding: [0, 0, 0, 0], dilation: [1, 1], ceilMode: false })));
      return;
    }
    case "LRN": {
      const size = attribute<number>(node, "size", 1);
      // ONNX divides alpha by size; the contract's alpha multiplies the plain sum.
      const options = { size, alpha: attribute<number>(node, "alpha", 1e-4) / size, beta: attribute<number>(node, "beta", 0.75), k: attribute<number>(node, "bias", 1) };
      output(keep(backend.localResponseNorm(input(0), options)));
      return;
    }
    case "Relu":
    case "Tanh":
    case "Exp":
    case "Log":
      output(keep(backend.unary(({ Relu: "relu", Tanh: "tanh", Exp: "exp", Log: "log" } as const)[node.op], input(0))));
      return;
    case "Sigmoid": {
      // 1 / (1 + exp(−x)) from the core.
      const exponential = keep(backend.unary("exp", keep(backend.unary("negate", input(0)))));
      output(keep(backend.unary("reciprocal", keep(backend.binary("add", exponential, scalar(1))))));
      return;
    }
    case "Gemm": {
      const alpha = attribute<number>(node, "alpha", 1);
      const beta = attribute<number>(node, "beta", 1);
      let result = keep(backend.matmul(input(0), input(1), { transposeA: attribute<number>(node, "transA", 0) === 1, transposeB: attribute<number>(node, "transB", 0) === 1 }));
      if (alpha !== 1) result = keep(backend.binary("multiply", result, scalar(alpha)));
      if (present(2)) {
        let bias = input(2);
        if (beta !== 1) bias = keep(backend.binary("multiply", bias, scalar(beta)));
        result = keep(backend.binary("add", result, bias));
      }
      output(result);
      return;
    }
    case "MatMul":
      output(keep(backend.matmul(input(0), input(1), { transposeA: false, transposeB: false })));
      return;
    case "Softmax":
    case "LogSoftmax": {
      const x = input(0);
      const rank = x.shape.length;
      const log = node.op === "LogSoftmax";
      const apply = (tensor: Tensor): Tensor => keep(log ? backend.logSoftmax(tensor) : backend.softmax(tensor));
      const axisAttribute = attribute(node, "axis", opset >= 13 ? -1 : 1);
      const axis = axisAttribute < 0 ? axisAttribute + rank : axisAttribute;
      if (opset < 13) {
        // Before opset 13 the input is flattened to 2-D at `axis` and normalized over the second part.
        const rows = elementCount(x.shape.slice(0, axis));
        const flat = keep(backend.reshape(x, [rows, elementCount(x.shape.slice(axis))]));
        output(keep(backend.reshape(apply(flat), x.shape)));
        return;
      }
      if (axis === rank - 1) {
        output(apply(x));
        return;
      }
      // Move the axis last, normalize, move it back.
      const permutation = [...x.shape.keys()].filter((other) => other !== axis).concat(axis);
      const inverse = permutation.map((_, position) => permutation.indexOf(position));
      output(keep(backend.transpose(apply(keep(backend.transpose(x, permutation))), inverse)));
      return;
    }
    case "BatchNormalization": {
      const [x, scale, bias, mean, variance] = [0, 1, 2, 3, 4].map(input);
      const epsilon = attribute<number>(node, "epsilon", 1e-5);
      if (attribute<number>(node, "training_mode", 0) !== 1) {
        output(keep(backend.batchNorm2dInference(x, { mean, variance, weight: scale, bias, epsilon })));
        return;
      }
      const result = backend.batchNorm2dTraining(x, { weight: scale, bias, epsilon });
      output(keep(result.output));
      // Running statistics: input · momentum + batch statistic · (1 − momentum), the variance biased.
      const momentum = attribute<number>(node, "momentum", 0.9);
      const blend = (running: Tensor, batch: Tensor): Tensor =>
        keep(backend.binary("add", keep(backend.binary("multiply", running, scalar(momentum))), keep(backend.binary("multiply", batch, scalar(1 - momentum)))));
      output(blend(mean, keep(result.mean)), 1);
      output(blend(variance, keep(result.variance)), 2);
      return;
    }
    case "Dropout": {
      if (present(2) && (host(2).data[0] === true || host(2).data[0] === 1)) throw new Error("onnx Dropout: training mode is not a conformance case (masks are seeded by the contract, not ONNX)");
      // Inference: the identity, and a mask of all true.
      const x = input(0);
      output(keep(backend.reshape(x, x.shape)));
      if (node.outputs[1]) values.set(node.outputs[1], { host: { dtype: "bool", dims: [...x.shape], data: new Array<boolean>(elementCount(x.shape)).fill(true) } });
      return;
    }
    case "Flatten": {
      const x = input(0);
      const axisAttribute = attribute<number>(node, "axis", 1);
      const axis = axisAttribute < 0 ? axisAttribute + x.shape.length : axisAttribute;
      output(keep(backend.reshape(x, [elementCount(x.shape.slice(0, axis)), elementCount(x.shape.slice(axis))])));
      return;
    }
    case "Reshape": {
      const x = input(0);
      const requested = host(1).data as number[];
      const allowZero = attribute<number>(node, "allowzero", 0) === 1;
      const shape = requested.map((dimension, axis) => (dimension === 0 && !allowZero ? x.shape[axis] : dimension));
      const inferred = shape.indexOf(-1);
      if (inferred >= 0) shape[inferred] = elementCount(x.shape) / elementCount(shape.filter((dimension) => dimension !== -1));
      output(keep(backend.reshape(x, shape)));
      return;
    }
    case "Transpose": {
      const x = input(0);
      const permutation = attribute<number[]>(node, "perm", [...x.shape.keys()].reverse());
      output(keep(backend.transpose(x, permutation)));
      return;
    }
    case "Concat": {
      const tensors = node.inputs.map((_, index) => input(index));
      const axisAttribute = attribute<number>(node, "axis", 0);
      output(keep(backend.concat(tensors, axisAttribute < 0 ? axisAttribute + tensors[0].shape.length : axisAttribute)));
      return;
    }
    case "Add":
    case "Sub":
    case "Mul":
    case "Div":
    case "Max":
    case "Sum": {
      let result = input(0);
      if (node.inputs.length === 1) result = keep(backend.reshape(result, result.shape));
      for (let index = 1; index < node.inputs.length; index++) result = keep(backend.binary(elementwise[node.op], result, input(index)));
      output(result);
      return;
    }
    case "ReduceMax":
    case "ReduceSum": {
      const x = input(0);
      const rank = x.shape.length;
      const listed = present(1) ? (host(1).data as number[]) : attribute<number[]>(node, "axes", []);
      // No axes means every axis (noop_with_empty_axes is 0 in these cases).
      const axes = listed.length === 0 ? [...x.shape.keys()] : listed.map((axis) => (axis < 0 ? axis + rank : axis));
      output(keep(backend.reduce(node.op === "ReduceMax" ? "max" : "sum", x, { axes, keepDimensions: attribute<number>(node, "keepdims", 1) === 1 })));
      return;
    }
    default:
      throw new Error(`onnx ${node.op}: not mapped onto the backend contract`);
  }
}
