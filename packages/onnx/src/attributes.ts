import { create } from "@bufbuild/protobuf";
import { OnnxError } from "./errors.js";
import { AttributeProto_AttributeType as AttributeType, AttributeProtoSchema, type AttributeProto, type NodeProto, type TensorProto } from "./generated/onnx_pb.js";

/** Builders of a node's attributes, typed as onnx.proto's AttributeType says. */
export const attribute = {
  int: (name: string, value: number): AttributeProto => create(AttributeProtoSchema, { name, type: AttributeType.INT, i: BigInt(value) }),
  ints: (name: string, values: readonly number[]): AttributeProto => create(AttributeProtoSchema, { name, type: AttributeType.INTS, ints: values.map(BigInt) }),
  float: (name: string, value: number): AttributeProto => create(AttributeProtoSchema, { name, type: AttributeType.FLOAT, f: value }),
};

/** Reads a node's attributes by name, with ONNX's defaults; a wrongly typed one is refused in one line. */
export class NodeAttributes {
  private readonly byName: ReadonlyMap<string, AttributeProto>;

  constructor(private readonly node: NodeProto, private readonly label: string) {
    this.byName = new Map(node.attribute.map((entry) => [entry.name, entry]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const entry = this.typed(name, AttributeType.INT);
    return entry === undefined ? fallback : Number(entry.i);
  }

  ints(name: string, fallback: readonly number[]): number[] {
    const entry = this.typed(name, AttributeType.INTS);
    return entry === undefined ? [...fallback] : entry.ints.map(Number);
  }

  float(name: string, fallback: number): number {
    const entry = this.typed(name, AttributeType.FLOAT);
    return entry === undefined ? fallback : entry.f;
  }

  floats(name: string): number[] | undefined {
    return this.typed(name, AttributeType.FLOATS)?.floats;
  }

  string(name: string, fallback: string): string {
    const entry = this.typed(name, AttributeType.STRING);
    return entry === undefined ? fallback : new TextDecoder().decode(entry.s);
  }

  tensor(name: string): TensorProto | undefined {
    return this.typed(name, AttributeType.TENSOR)?.t;
  }

  private typed(name: string, type: AttributeType): AttributeProto | undefined {
    const entry = this.byName.get(name);
    if (entry === undefined) return undefined;
    // Old writers leave `type` unset; the filled field then tells.
    if (entry.type !== type && entry.type !== AttributeType.UNDEFINED) {
      throw new OnnxError(`${this.label}: attribute ${name} is ${AttributeType[entry.type]}, but ${this.node.opType} needs ${AttributeType[type]}`);
    }
    return entry;
  }
}
