import type { Shape } from "@alexnet-ts/ir";
import { OnnxError } from "../errors.js";
import type { NodeProto } from "../generated/onnx_pb.js";
import type { ImportContext } from "./import-context.js";

/** A 2-D sliding window's geometry read from Conv/MaxPool/AveragePool attributes. */
export interface WindowGeometry {
  readonly kernel: [number, number];
  readonly stride: [number, number];
  /** [top, left, bottom, right] */
  readonly padding: [number, number, number, number];
  readonly dilation: [number, number];
}

/**
 * Reads kernel_shape, strides, pads, dilations and auto_pad for a 4-D NCHW input; 1-D and 3-D
 * windows are refused (the IR's convolution and pooling are 2-D).
 */
export function readWindow(context: ImportContext, node: NodeProto, inputShape: Shape, kernelFallback?: readonly number[]): WindowGeometry {
  const label = context.label(node);
  if (inputShape.length !== 4) throw new OnnxError(`${label}: only 2-D windows over NCHW input are imported, but its input is [${inputShape.join(", ")}]`);
  const attributes = context.attributes(node);
  const kernelShape = attributes.ints("kernel_shape", kernelFallback ?? []);
  if (kernelShape.length !== 2) throw new OnnxError(`${label}: kernel_shape must have 2 entries (a 2-D window), but has ${kernelShape.length}`);
  const kernel: [number, number] = [kernelShape[0], kernelShape[1]];
  const stride = pair(attributes.ints("strides", [1, 1]), label, "strides");
  const dilation = pair(attributes.ints("dilations", [1, 1]), label, "dilations");
  const pads = attributes.ints("pads", [0, 0, 0, 0]);
  if (pads.length !== 4) throw new OnnxError(`${label}: pads must have 4 entries, but has ${pads.length}`);
  let padding: [number, number, number, number] = [pads[0], pads[1], pads[2], pads[3]];
  const autoPad = attributes.string("auto_pad", "NOTSET");
  if (autoPad === "VALID") padding = [0, 0, 0, 0];
  else if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
    const [top, bottom] = samePadding(inputShape[2], kernel[0], stride[0], dilation[0], autoPad);
    const [left, right] = samePadding(inputShape[3], kernel[1], stride[1], dilation[1], autoPad);
    padding = [top, left, bottom, right];
  } else if (autoPad !== "NOTSET") throw new OnnxError(`${label}: auto_pad "${autoPad}" is not one ONNX defines`);
  return { kernel, stride, padding, dilation };
}

/** SAME padding: the output has ceil(input / stride) cells; the odd cell goes at the end (UPPER) or start (LOWER). */
function samePadding(length: number, kernel: number, stride: number, dilation: number, mode: "SAME_UPPER" | "SAME_LOWER"): [number, number] {
  const outputLength = Math.ceil(length / stride);
  const total = Math.max(0, (outputLength - 1) * stride + (kernel - 1) * dilation + 1 - length);
  const small = Math.floor(total / 2);
  return mode === "SAME_UPPER" ? [small, total - small] : [total - small, small];
}

function pair(values: readonly number[], label: string, name: string): [number, number] {
  if (values.length !== 2) throw new OnnxError(`${label}: ${name} must have 2 entries (a 2-D window), but has ${values.length}`);
  return [values[0], values[1]];
}

export function importConv(context: ImportContext, node: NodeProto): void {
  const source = context.source(node);
  let inputName: string;
  let extraPadding: readonly number[] = [0, 0, 0, 0];
  if (source.kind === "padded") {
    // A zero Pad before a Conv is the Conv's own padding.
    const padded = { ...node, input: [source.source, ...node.input.slice(1)] } as NodeProto;
    inputName = context.producer(padded);
    extraPadding = source.padding;
  } else inputName = source.irName;
  const inputShape = context.shapeOf(inputName);
  const weight = context.floatConstant(node, 1, "weight");
  if (weight.shape.length !== 4) throw new OnnxError(`${context.label(node)}: its weight must be 4-D [out, in/groups, kH, kW]`);
  const window = readWindow(context, node, inputShape, weight.shape.slice(2));
  const groups = context.attributes(node).int("group", 1);
  const hasBias = node.input.length > 2 && node.input[2] !== "";
  const weights = { weight: { sourceName: node.input[1], tensor: weight }, ...(hasBias ? { bias: { sourceName: node.input[2], tensor: context.floatConstant(node, 2, "bias") } } : {}) };
  context.emit(node, inputName, {
    op: "conv2d",
    attributes: {
      outChannels: weight.shape[0],
      kernel: window.kernel,
      stride: window.stride,
      padding: window.padding.map((value, index) => value + extraPadding[index]) as [number, number, number, number],
      dilation: window.dilation,
      groups,
      bias: hasBias,
    },
  }, weights);
}

export function importMaxPool(context: ImportContext, node: NodeProto): void {
  context.requireSingleOutput(node, "Indices");
  const inputName = context.producer(node);
  const window = readWindow(context, node, context.shapeOf(inputName));
  const ceilMode = context.attributes(node).int("ceil_mode", 0) === 1;
  context.emit(node, inputName, { op: "maxPool2d", attributes: { ...window, ceilMode } });
}

export function importAveragePool(context: ImportContext, node: NodeProto): void {
  const inputName = context.producer(node);
  const window = readWindow(context, node, context.shapeOf(inputName));
  const attributes = context.attributes(node);
  context.emit(node, inputName, {
    op: "avgPool2d",
    attributes: { ...window, ceilMode: attributes.int("ceil_mode", 0) === 1, countIncludePad: attributes.int("count_include_pad", 0) === 1 },
  });
}

export function importGlobalAveragePool(context: ImportContext, node: NodeProto): void {
  const inputName = context.producer(node);
  const shape = context.shapeOf(inputName);
  if (shape.length !== 4) throw new OnnxError(`${context.label(node)}: only NCHW input is imported, but its input is [${shape.join(", ")}]`);
  context.emit(node, inputName, { op: "adaptiveAvgPool2d", attributes: { outputSize: [1, 1] } });
}

/** A constant zero Pad of the spatial axes, kept for the Conv that reads it. */
export function importPad(context: ImportContext, node: NodeProto): void {
  const label = context.label(node);
  const attributes = context.attributes(node);
  const mode = attributes.string("mode", "constant");
  if (mode !== "constant") throw new OnnxError(`${label}: only constant (zero) padding is imported, but its mode is "${mode}"`);
  const pads = context.opset < 11 ? attributes.ints("pads", []) : context.integerConstant(node, 1, "pads");
  const value = context.opset < 11 ? attributes.float("value", 0) : (node.input[2] ? context.floatConstant(node, 2, "constant value").values[0] : 0);
  if (node.input[3]) throw new OnnxError(`${label}: its axes input is not imported; write pads for every axis`);
  if (value !== 0) throw new OnnxError(`${label}: pads with ${value}, but only zero padding folds into a Conv`);
  const shape = context.inputShape(node);
  if (pads === undefined || shape.length !== 4 || pads.length !== 8) throw new OnnxError(`${label}: only padding of a 4-D NCHW input is imported`);
  if (pads[0] !== 0 || pads[1] !== 0 || pads[4] !== 0 || pads[5] !== 0 || pads.some((entry) => entry < 0)) {
    throw new OnnxError(`${label}: only non-negative padding of height and width is imported, but pads are [${pads.join(", ")}]`);
  }
  context.pad(node, [pads[2], pads[3], pads[6], pads[7]]);
}
