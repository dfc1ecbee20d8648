import type { HostTensor } from "@alexnet-ts/engine";
import { CheckpointError } from "./errors.js";

/** Tensors and string metadata of a safetensors file. */
export interface SafetensorsContents {
  /** Tensors in file order, converted to float32. */
  readonly tensors: Map<string, HostTensor>;
  /** The `__metadata__` string map (empty when the file has none). */
  readonly metadata: Record<string, string>;
}

/** Header entries larger than this are refused (the reference implementation's limit is 100 MB). */
const maximumHeaderBytes = 100 * 1024 * 1024;

/** Bytes per element of the dtypes read. */
const dtypeSizes: Readonly<Record<string, number>> = { F32: 4, F64: 8, F16: 2, BF16: 2 };

/**
 * Encodes tensors as safetensors (huggingface/safetensors): an 8-byte little-endian header length,
 * a JSON header mapping each name to {dtype "F32", shape, data_offsets [begin, end)} relative to
 * the data that follows, plus `__metadata__` (strings only), padded with spaces to a multiple of
 * 8 bytes so tensors stay aligned; then the tensors' little-endian bytes in header order.
 * Returns the chunks to write (no copy of the tensor data on little-endian machines). Plain
 * Uint8Array and TextEncoder, no Node Buffer, so the browser writes the same files.
 */
export function encodeSafetensors(tensors: ReadonlyMap<string, HostTensor>, metadata: Readonly<Record<string, string>>): Uint8Array[] {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const elements = tensor.shape.reduce((product, dimension) => product * dimension, 1);
    if (elements !== tensor.values.length) throw new RangeError(`tensor ${name} has shape [${tensor.shape.join(", ")}] but ${tensor.values.length} values`);
    const bytes = new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength);
    header[name] = { dtype: "F32", shape: [...tensor.shape], data_offsets: [offset, offset + bytes.byteLength] };
    chunks.push(littleEndian() ? bytes : swapped(bytes, 4));
    offset += bytes.byteLength;
  }
  let json = JSON.stringify(header);
  const length = new TextEncoder().encode(json).byteLength;
  json += " ".repeat((8 - ((8 + length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  return [prefix, headerBytes, ...chunks];
}

/**
 * Decodes a safetensors file, checking every number in the header against the file before use.
 * `source` names the file in errors. F32 is read as is; F64, F16 and BF16 are converted to float32.
 */
export function decodeSafetensors(bytes: Uint8Array, source: string): SafetensorsContents {
  if (bytes.byteLength < 8) throw new CheckpointError(`${source} is not a safetensors file: it has only ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(maximumHeaderBytes)) throw new CheckpointError(`${source} is not a safetensors file${recognisedFormat(bytes)}; give a checkpoint written by alexnet train (.safetensors)`);
  const headerEnd = 8 + Number(headerLength);
  if (headerEnd > bytes.byteLength) {
    throw new CheckpointError(`${source} is truncated: its header says ${headerLength} header bytes, but the file has only ${bytes.byteLength - 8} after the length`);
  }
  const headerText = new TextDecoder("utf-8").decode(bytes.subarray(8, headerEnd));
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (!headerText.trimStart().startsWith("{")) throw new CheckpointError(`${source} is not a safetensors file${recognisedFormat(bytes)}; give a checkpoint written by alexnet train (.safetensors)`);
    throw new CheckpointError(`${source} has a broken safetensors header (invalid JSON: ${reason})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) throw new CheckpointError(`${source} has a broken safetensors header: it is not a JSON object`);
  const dataLength = bytes.byteLength - headerEnd;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, HostTensor>();
  const spans: TensorSpan[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof entry !== "object" || entry === null) throw new CheckpointError(`${source} has a broken safetensors header: __metadata__ is not a string map`);
      for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof value !== "string") throw new CheckpointError(`${source} has a broken safetensors header: __metadata__.${key} is not a string`);
        metadata[key] = value;
      }
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== "string" || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      throw new CheckpointError(`${source} has a broken safetensors header: tensor "${name}" needs dtype, shape and data_offsets`);
    }
    const size = dtypeSizes[dtype];
    if (size === undefined) throw new CheckpointError(`${source}: tensor "${name}" has dtype ${dtype}; only F32, F64, F16 and BF16 can be read`);
    if (!shape.every((dimension) => Number.isInteger(dimension) && dimension >= 0)) throw new CheckpointError(`${source}: tensor "${name}" has an invalid shape`);
    const [begin, end] = offsets as number[];
    const elements = (shape as number[]).reduce((product, dimension) => product * dimension, 1);
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end < begin || end - begin !== elements * size) {
      throw new CheckpointError(`${source}: tensor "${name}" has data_offsets [${begin}, ${end}] that do not match its shape and dtype`);
    }
    if (end > dataLength) throw new CheckpointError(`${source} is truncated: tensor "${name}" ends at byte ${end} of the data, but the file holds only ${dataLength}`);
    spans.push({ name, begin, end });
    tensors.set(name, { shape: shape as number[], values: toFloat32(bytes, headerEnd + begin, elements, dtype) });
  }
  checkSpans(spans, dataLength, source);
  return { tensors, metadata };
}

/** Where one tensor's bytes lie in the data section. */
interface TensorSpan {
  readonly name: string;
  readonly begin: number;
  readonly end: number;
}

/**
 * The tensors must tile the data section exactly, as the format requires (and the reference
 * implementation checks): sorted by offset, each begins where the previous ended, the first at 0,
 * the last at the end of the file. Overlapping tensors (two names reading the same bytes) and gaps
 * (bytes no tensor owns) mark a crafted or damaged file.
 */
function checkSpans(spans: TensorSpan[], dataLength: number, source: string): void {
  const sorted = [...spans].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  let previous: TensorSpan | undefined;
  for (const span of sorted) {
    if (span.begin < position) throw new CheckpointError(`${source} has a broken safetensors header: tensor "${span.name}" (bytes ${span.begin}–${span.end}) overlaps tensor "${previous?.name}" (bytes ${previous?.begin}–${previous?.end})`);
    if (span.begin > position) throw new CheckpointError(`${source} has a broken safetensors header: bytes ${position}–${span.begin} before tensor "${span.name}" belong to no tensor`);
    position = span.end;
    previous = span;
  }
  if (position !== dataLength) throw new CheckpointError(`${source} has ${dataLength - position} bytes after its last tensor that belong to no tensor; the file is damaged`);
}

/** What a file that is not safetensors looks like, from its first bytes (" (it looks like a JPEG image)"). */
function recognisedFormat(bytes: Uint8Array): string {
  const starts = (...signature: number[]): boolean => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return " (it looks like a JPEG image)";
  if (starts(0x89, 0x50, 0x4e, 0x47)) return " (it looks like a PNG image)";
  if (starts(0x50, 0x4b, 0x03, 0x04)) return " (it looks like a zip archive, perhaps a PyTorch .pt/.pth file: convert it to safetensors)";
  if (starts(0x80) && (bytes[1] ?? 0) <= 5) return " (it looks like a Python pickle, perhaps a PyTorch file: convert it to safetensors)";
  if (starts(0x1f, 0x8b)) return " (it looks like a gzip file)";
  const text = new TextDecoder("utf-8").decode(bytes.subarray(0, 64));
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(text)) return " (it looks like a text file)";
  return "";
}

function toFloat32(bytes: Uint8Array, start: number, elements: number, dtype: string): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, elements * dtypeSizes[dtype]);
  const values = new Float32Array(elements);
  for (let index = 0; index < elements; index++) {
    if (dtype === "F32") values[index] = view.getFloat32(index * 4, true);
    else if (dtype === "F64") values[index] = view.getFloat64(index * 8, true);
    else if (dtype === "BF16") values[index] = bfloat16(view.getUint16(index * 2, true));
    else values[index] = float16(view.getUint16(index * 2, true));
  }
  return values;
}

function bfloat16(bits: number): number {
  return new Float32Array(new Uint32Array([bits << 16]).buffer)[0];
}

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  for (let index = 0; index < bytes.byteLength; index += width) for (let byte = 0; byte < width; byte++) copy[index + byte] = bytes[index + width - 1 - byte];
  return copy;
}
