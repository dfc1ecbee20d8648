import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DataError } from "./errors.js";

/** An IDX file's contents: its dimensions and its values as unsigned bytes (the only type MNIST-style files use). */
export interface IdxArray {
  /** Sizes of the dimensions, outermost first: [count] for labels, [count, rows, columns] for images. */
  readonly shape: readonly number[];
  /** The values, row-major. */
  readonly data: Uint8Array;
}

/** The IDX type code for unsigned bytes (0x08); the other codes (int8 … float64) are refused. */
const unsignedByte = 0x08;

/**
 * Parses an IDX file (the format of MNIST and Fashion-MNIST, LeCun et al.): two zero bytes, a type
 * byte, a byte giving the number of dimensions, one big-endian 32-bit size per dimension, then the
 * values. Gzip-compressed bytes (signature 1f 8b) are inflated first. Only unsigned-byte data is
 * accepted; `name` goes into the one-line errors.
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  let buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
    try {
      buffer = gunzipSync(buffer);
    } catch (error) {
      throw new DataError(`${name} is a broken gzip file (${(error as Error).message}); download or install it again`, name);
    }
  }
  if (buffer.length < 4 || buffer[0] !== 0 || buffer[1] !== 0) throw new DataError(`${name} is not an IDX file (it does not start with two zero bytes)`, name);
  if (buffer[2] !== unsignedByte) throw new DataError(`${name} holds IDX type 0x${buffer[2].toString(16)}; only unsigned bytes (0x08) are read`, name);
  const dimensions = buffer[3];
  const headerBytes = 4 + 4 * dimensions;
  if (dimensions === 0 || buffer.length < headerBytes) throw new DataError(`${name} has a truncated IDX header`, name);
  const shape = Array.from({ length: dimensions }, (_, dimension) => buffer.readUInt32BE(4 + 4 * dimension));
  const count = shape.reduce((product, size) => product * size, 1);
  if (buffer.length !== headerBytes + count) {
    throw new DataError(`${name} should hold ${count} values for its shape ${shape.join("×")}, but has ${buffer.length - headerBytes}; it is truncated or corrupt`, name);
  }
  return { shape, data: new Uint8Array(buffer.buffer, buffer.byteOffset + headerBytes, count) };
}

/** Reads and parses an IDX file (plain or .gz) from disk. */
export function readIdxFile(path: string): IdxArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, path);
  }
  return parseIdx(bytes, path);
}

/** Writes values as an IDX file's bytes (unsigned bytes): for tests and for making small datasets. */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Uint8Array {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = unsignedByte;
  header[3] = shape.length;
  shape.forEach((size, dimension) => header.writeUInt32BE(size, 4 + 4 * dimension));
  return Buffer.concat([header, data]);
}
