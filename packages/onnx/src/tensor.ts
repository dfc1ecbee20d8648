import { create } from "@bufbuild/protobuf";
import { elementCount } from "@alexnet-ts/ir";
import { OnnxError } from "./errors.js";
import { TensorProto_DataLocation, TensorProto_DataType, TensorProtoSchema, type TensorProto } from "./generated/onnx_pb.js";

/** A float32 tensor on the host: the engine's HostTensor and the checkpoint's tensors have this shape. */
export interface WeightTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A float32 initializer, its values as little-endian raw_data (what ONNX's own tools write). */
export function floatTensorProto(name: string, tensor: WeightTensor): TensorProto {
  if (elementCount(tensor.shape) !== tensor.values.length) {
    throw new OnnxError(`tensor ${name} has shape [${tensor.shape.join(", ")}] but ${tensor.values.length} values`);
  }
  const rawData = new Uint8Array(tensor.values.length * 4);
  const view = new DataView(rawData.buffer);
  if (littleEndian) rawData.set(new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength));
  else tensor.values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return create(TensorProtoSchema, { name, dims: tensor.shape.map(BigInt), dataType: TensorProto_DataType.FLOAT, rawData });
}

/** The tensor's shape as numbers. */
export function tensorShape(tensor: TensorProto): number[] {
  return tensor.dims.map(Number);
}

/** A float32 (or float64, converted) tensor's values; another type or external data is refused in one line. */
export function readFloatTensor(tensor: TensorProto, what: string): WeightTensor {
  refuseExternal(tensor, what);
  const shape = tensorShape(tensor);
  const count = elementCount(shape);
  let values: Float32Array;
  if (tensor.dataType === TensorProto_DataType.FLOAT) {
    values = tensor.rawData.length > 0 ? readRawFloats(tensor.rawData, count, what) : Float32Array.from(tensor.floatData);
  } else if (tensor.dataType === TensorProto_DataType.DOUBLE) {
    values = Float32Array.from(tensor.rawData.length > 0 ? readRawDoubles(tensor.rawData, count) : tensor.doubleData);
  } else {
    throw new OnnxError(`${what} has data type ${TensorProto_DataType[tensor.dataType] ?? tensor.dataType}; only float32 weights are imported`);
  }
  if (values.length !== count) throw new OnnxError(`${what} has shape [${shape.join(", ")}] but ${values.length} values`);
  return { shape, values };
}

/** An int64 or int32 tensor's values as numbers (shapes, pads). */
export function readIntegerTensor(tensor: TensorProto, what: string): number[] {
  refuseExternal(tensor, what);
  const view = new DataView(tensor.rawData.buffer, tensor.rawData.byteOffset, tensor.rawData.byteLength);
  if (tensor.dataType === TensorProto_DataType.INT64) {
    if (tensor.rawData.length === 0) return tensor.int64Data.map(Number);
    return Array.from({ length: tensor.rawData.length / 8 }, (_, index) => Number(view.getBigInt64(index * 8, true)));
  }
  if (tensor.dataType === TensorProto_DataType.INT32) {
    if (tensor.rawData.length === 0) return [...tensor.int32Data];
    return Array.from({ length: tensor.rawData.length / 4 }, (_, index) => view.getInt32(index * 4, true));
  }
  if (tensor.dataType === TensorProto_DataType.BOOL) {
    return tensor.rawData.length === 0 ? [...tensor.int32Data] : [...tensor.rawData];
  }
  throw new OnnxError(`${what} has data type ${TensorProto_DataType[tensor.dataType] ?? tensor.dataType}, but integers are needed`);
}

function refuseExternal(tensor: TensorProto, what: string): void {
  if (tensor.dataLocation === TensorProto_DataLocation.EXTERNAL) {
    throw new OnnxError(`${what} keeps its values in an external file; save the model with its weights inside (onnx.save(model, path, save_as_external_data=False))`);
  }
}

function readRawFloats(raw: Uint8Array, count: number, what: string): Float32Array {
  if (raw.byteLength !== count * 4) throw new OnnxError(`${what} has ${raw.byteLength} bytes of data, but its shape needs ${count * 4}`);
  // A copy (new Uint8Array, not slice: a Node Buffer's slice is a view of its shared pool) gives an aligned buffer of its own.
  if (littleEndian) return new Float32Array(new Uint8Array(raw).buffer);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Float32Array.from({ length: count }, (_, index) => view.getFloat32(index * 4, true));
}

function readRawDoubles(raw: Uint8Array, count: number): Float64Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Float64Array.from({ length: count }, (_, index) => view.getFloat64(index * 8, true));
}
