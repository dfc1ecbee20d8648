import type { Backend, Tensor } from "@alexnet-ts/engine";
import type { CaseContext } from "../case.js";
import type { OnnxAttribute, OnnxNodeJson, OnnxTensorJson } from "./onnx-case.js";

/** A value flowing between nodes: a backend tensor, or host data (int64 shapes and axes, bool masks). */
export type OnnxValue = { readonly tensor: Tensor } | { readonly host: OnnxTensorJson };

/**
 * What a node's runner reads and writes: its inputs (as backend tensors or constant host data),
 * its attributes with ONNX's defaults, and its outputs. Every tensor it makes is kept by the case,
 * which disposes them after comparing.
 */
export class NodeIo {
  readonly backend: Backend;

  constructor(
    private readonly context: CaseContext,
    readonly node: OnnxNodeJson,
    private readonly values: Map<string, OnnxValue>,
    /** The model's opset (Softmax changed meaning at 13). */
    readonly opset: number,
  ) {
    this.backend = context.backend;
  }

  /** Keeps a tensor the runner made, to be disposed after the case. */
  keep<T extends Tensor>(tensor: T): T {
    return this.context.keep(tensor);
  }

  /** The attribute, or ONNX's default for it. */
  attribute<T extends OnnxAttribute>(name: string, fallback: T): T {
    return (this.node.attributes[name] as T | undefined) ?? fallback;
  }

  /** Whether optional input `index` is given (ONNX marks a skipped optional input with ""). */
  present(index: number): boolean {
    return this.node.inputs[index] !== undefined && this.node.inputs[index] !== "";
  }

  /** Input `index` as a float32 backend tensor (constant host data is uploaded). */
  input(index: number): Tensor {
    const name = this.node.inputs[index];
    const value = this.values.get(name);
    if (value === undefined) throw new Error(`onnx ${this.node.op}: input ${name} is not defined`);
    if ("tensor" in value) return value.tensor;
    if (value.host.dtype !== "float32") throw new Error(`onnx ${this.node.op}: input ${name} is ${value.host.dtype}, not float32`);
    return this.keep(this.backend.upload(Float32Array.from(value.host.data as number[]), value.host.dims));
  }

  /** Input `index` as constant host data (shapes, axes, flags). */
  host(index: number): OnnxTensorJson {
    const name = this.node.inputs[index];
    const value = this.values.get(name);
    if (value === undefined || !("host" in value)) throw new Error(`onnx ${this.node.op}: input ${name} must be constant host data`);
    return value.host;
  }

  /** Input `index`, which must be a 4-D NCHW tensor: the contract's convolutions and pools are 2-D. */
  image(index: number): Tensor {
    const tensor = this.input(index);
    if (tensor.shape.length !== 4) throw new Error(`onnx ${this.node.op}: only 2-D (NCHW) inputs are in the contract, got [${tensor.shape}]`);
    return tensor;
  }

  /** A kept scalar tensor. */
  scalar(value: number): Tensor {
    return this.keep(this.backend.fill([], value));
  }

  /** Sets output `index` (when the node names it) to a tensor the runner kept. */
  output(tensor: Tensor, index = 0): void {
    if (this.node.outputs[index]) this.values.set(this.node.outputs[index], { tensor });
  }

  /** Sets output `index` (when the node names it) to host data. */
  hostOutput(data: OnnxTensorJson, index = 0): void {
    if (this.node.outputs[index]) this.values.set(this.node.outputs[index], { host: data });
  }
}

/** Runs one ONNX op on the backend through the node's inputs and outputs. */
export type NodeRunner = (io: NodeIo) => void;

/** A negative axis counted from the end, as ONNX allows. */
export function positiveAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
