import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint, saveCheckpoint, velocityPrefix, type Checkpoint, type CheckpointMetadata } from "./checkpoint.js";
import { CheckpointError, OutputError } from "./errors.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";

const folder = mkdtempSync(join(tmpdir(), "alexnet-checkpoint-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const metadata: CheckpointMetadata = {
  variant: "small",
  variantOptions: { classes: 3, inputSize: 28 },
  classNames: ["a", "b", "c"],
  epoch: 2,
  stepInEpoch: 5,
  step: 41,
  randomState: [1, 2, 3, 4],
  learningRate: 0.001,
  schedule: { kind: "plateau", bestLoss: null },
  bestValidationLoss: Infinity,
  training: { seed: 3, batchSize: 16 },
};

function sample(): Checkpoint {
  return {
    parameters: new Map([
      ["conv1.weight", { shape: [2, 1, 2, 2], values: Float32Array.from({ length: 8 }, (_, index) => index / 7 - 0.5) }],
      ["conv1.bias", { shape: [2], values: Float32Array.from([1, -1]) }],
      ["fc.weight", { shape: [3, 2], values: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 1e-30]) }],
    ]),
    velocities: new Map([["conv1.bias", { shape: [2], values: Float32Array.from([0.25, -0.125]) }]]),
    metadata,
  };
}

function bytesOf(chunks: Uint8Array[]): Buffer {
  return Buffer.concat(chunks);
}

describe("safetensors", () => {
  it("writes the format: u64 LE header length, JSON header padded to 8 bytes, F32 data in order", () => {
    const bytes = bytesOf(encodeSafetensors(new Map([["a", { shape: [2], values: Float32Array.from([1.5, -2]) }], ["b", { shape: [], values: Float32Array.from([3]) }]]), { note: "x" }));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8"));
    expect(header).toEqual({ __metadata__: { note: "x" }, a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [], data_offsets: [8, 12] } });
    expect(bytes.length).toBe(8 + headerLength + 12);
    expect(bytes.readFloatLE(8 + headerLength)).toBe(1.5);
    expect(bytes.readFloatLE(8 + headerLength + 8)).toBe(3);
  });

  it("reads F64, F16 and BF16 tensors (as converted weights may use) as float32", () => {
    const header = JSON.stringify({ d: { dtype: "F64", shape: [1], data_offsets: [0, 8] }, h: { dtype: "F16", shape: [2], data_offsets: [8, 12] }, b: { dtype: "BF16", shape: [1], data_offsets: [12, 14] } });
    const data = Buffer.alloc(14);
    data.writeDoubleLE(0.1, 0);
    data.writeUInt16LE(0x3c00, 8); // 1.0
    data.writeUInt16LE(0xc000, 10); // -2.0
    data.writeUInt16LE(0x3fc0, 12); // 1.5
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    const { tensors } = decodeSafetensors(Buffer.concat([length, Buffer.from(header), data]), "converted.safetensors");
    expect(tensors.get("d")!.values[0]).toBe(Math.fround(0.1));
    expect([...tensors.get("h")!.values]).toEqual([1, -2]);
    expect([...tensors.get("b")!.values]).toEqual([1.5]);
  });
});

describe("checkpoints", () => {
  it("round-trips weights, velocities and metadata exactly", () => {
    const path = join(folder, "round-trip.safetensors");
    saveCheckpoint(path, sample());
    const loaded = loadCheckpoint(path, { variant: "small", classCount: 3 });
    expect(loaded.parameters).toEqual(sample().parameters);
    expect(loaded.velocities).toEqual(sample().velocities);
    expect(loaded.metadata).toEqual(metadata);
    // The velocities are stored under their prefix, beside the weights.
    const raw = decodeSafetensors(readFileSync(path), path);
    expect([...raw.tensors.keys()]).toEqual(["conv1.weight", "conv1.bias", "fc.weight", `${velocityPrefix}conv1.bias`]);
    expect(raw.metadata.format_version).toBe("1");
  });

  it("refuses a file that is not safetensors, truncated, or has a broken header, with one line", () => {
    const good = bytesOf(encodeSafetensors(sample().parameters, {}));
    const cases: [string, Buffer, RegExp][] = [
      ["text.safetensors", Buffer.from("hello, this is not a checkpoint at all"), /is not a safetensors file/],
      ["short.safetensors", Buffer.from([1, 2, 3]), /is not a safetensors file: it has only 3 bytes/],
      ["cut-header.safetensors", good.subarray(0, 40), /is truncated: its header says \d+ header bytes, but the file has only 32/],
      ["cut-data.safetensors", good.subarray(0, good.length - 4), /is truncated: tensor "fc.weight" ends at byte 64 of the data, but the file holds only 60/],
      ["json.safetensors", (() => {
        const broken = Buffer.from(good);
        broken[8 + 1] = ",".charCodeAt(0);
        return broken;
      })(), /has a broken safetensors header \(invalid JSON/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(folder, name);
      writeFileSync(path, bytes);
      expect(() => loadCheckpoint(path)).toThrow(CheckpointError);
      expect(() => loadCheckpoint(path)).toThrow(message);
    }
    expect(() => loadCheckpoint(join(folder, "absent.safetensors"))).toThrow(/does not exist/);
  });

  it("refuses a checkpoint for another variant or class count", () => {
    const path = join(folder, "mismatch.safetensors");
    saveCheckpoint(path, sample());
    expect(() => loadCheckpoint(path, { variant: "paper" })).toThrow(/holds the small variant, not paper; pass --variant small/);
    expect(() => loadCheckpoint(path, { classCount: 10 })).toThrow(/was trained for 3 classes, but this model has 10/);
  });

  it("reads converted torchvision-style weights (no metadata, no optimizer state)", () => {
    const path = join(folder, "torchvision.safetensors");
    const weights = new Map([
      ["features.0.weight", { shape: [2, 3, 1, 1], values: new Float32Array(6).fill(0.5) }],
      ["classifier.6.bias", { shape: [4], values: new Float32Array(4) }],
    ]);
    writeFileSync(path, bytesOf(encodeSafetensors(weights, { format: "pt" })));
    const loaded = loadCheckpoint(path, { variant: "torchvision", classCount: 4 });
    expect(loaded.metadata).toBeUndefined();
    expect(loaded.velocities.size).toBe(0);
    expect([...loaded.parameters.keys()]).toEqual(["features.0.weight", "classifier.6.bias"]);
    expect(() => loadCheckpoint(path, { classCount: 1000 })).toThrow(/has 4 outputs in classifier.6.bias, but this model has 1000 classes/);
  });

  it("writes atomically: a failure before the rename leaves the old file and no temporary file", () => {
    const path = join(folder, "atomic.safetensors");
    saveCheckpoint(path, sample());
    const before = readFileSync(path);
    const changed = { ...sample(), metadata: { ...metadata, epoch: 3 } };
    expect(() =>
      saveCheckpoint(path, changed, {
        beforeRename: (temporaryPath) => {
          expect(existsSync(temporaryPath)).toBe(true);
          throw new Error("simulated crash before rename");
        },
      }),
    ).toThrow("simulated crash before rename");
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(folder).filter((name) => name.includes(".tmp-"))).toEqual([]);
    saveCheckpoint(path, changed);
    expect(loadCheckpoint(path).metadata?.epoch).toBe(3);
  });

  it("a full disk while writing is one line naming the file; the old file stays and no temporary file is left", () => {
    const path = join(folder, "full-disk.safetensors");
    saveCheckpoint(path, sample());
    const before = readFileSync(path);
    let calls = 0;
    const error = (() => {
      try {
        saveCheckpoint(path, sample(), {
          write: (_handle, _chunk, _offset, length) => {
            if (++calls === 2) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
            return length;
          },
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toBe(`cannot write ${path}: no space left on the device; free some space (ENOSPC)`);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(folder).filter((name) => name.includes(".tmp-"))).toEqual([]);
  });
});

/** A safetensors file from a header object and data bytes, as a crafted file would be. */
function craft(header: Record<string, unknown>, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, data]);
}

describe("the loader is strict", () => {
  const f32 = (values: number[]): Buffer => Buffer.from(Float32Array.from(values).buffer);

  it("refuses overlapping, non-contiguous and trailing tensor data, naming the tensors", () => {
    const cases: [string, Buffer, RegExp][] = [
      ["overlap", craft({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, f32([1, 2, 3])), /tensor "b" \(bytes 4–12\) overlaps tensor "a" \(bytes 0–8\)/],
      ["same bytes", craft({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }, f32([1, 2])), /overlaps tensor "a"/],
      ["gap", craft({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] }, b: { dtype: "F32", shape: [1], data_offsets: [8, 12] } }, f32([1, 2, 3])), /bytes 4–8 before tensor "b" belong to no tensor/],
      ["trailing", craft({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32([1, 2])), /has 4 bytes after its last tensor that belong to no tensor/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(folder, `${name}.safetensors`);
      writeFileSync(path, bytes);
      expect(() => loadCheckpoint(path), name).toThrow(message);
    }
  });

  it("refuses a NaN or infinite weight or velocity, naming the tensor", () => {
    const withNan = sample();
    withNan.parameters.get("fc.weight")!.values[4] = Number.NaN;
    const path = join(folder, "nan.safetensors");
    saveCheckpoint(path, withNan);
    expect(() => loadCheckpoint(path)).toThrow(/nan\.safetensors: tensor "fc\.weight" holds NaN at index 4; the checkpoint is damaged or was saved from a diverged run/);
    const withInfinity = sample();
    withInfinity.velocities.get("conv1.bias")!.values[1] = -Infinity;
    saveCheckpoint(path, withInfinity);
    expect(() => loadCheckpoint(path)).toThrow(/tensor "optimizer\.velocity\.conv1\.bias" holds -Infinity at index 1/);
  });

  it("refuses metadata outside its valid range", () => {
    const cases: [Partial<CheckpointMetadata>, RegExp][] = [
      [{ epoch: -5 }, /epoch is -5, not a whole number ≥ 0/],
      [{ epoch: 1.5 }, /epoch is 1.5/],
      [{ step: 2 }, /step is 2, not a whole number ≥ step_in_epoch/],
      [{ learningRate: -1 }, /learning_rate is -1/],
      [{ variantOptions: { classes: 3, inputSize: 100000 } }, /variant option inputSize is 100000, outside 1…4096/],
      [{ variantOptions: { classes: 3, inputChannels: 0 } }, /variant option inputChannels is 0/],
      [{ variantOptions: { classes: 4 } }, /variant option classes is 4, but class_names has 3/],
      [{ randomState: [1, 2] }, /random_state is not 4 integers/],
    ];
    const path = join(folder, "ranges.safetensors");
    for (const [change, message] of cases) {
      saveCheckpoint(path, { ...sample(), metadata: { ...metadata, ...change } });
      expect(() => loadCheckpoint(path), JSON.stringify(change)).toThrow(message);
    }
  });

  it("says what a file given as a checkpoint looks like (a JPEG, a PNG, text), and refuses a folder", () => {
    const cases: [string, Buffer, RegExp][] = [
      ["photo.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]), /photo\.jpg is not a safetensors file \(it looks like a JPEG image\); give a checkpoint written by alexnet train/],
      ["image.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), /image\.png is not a safetensors file \(it looks like a PNG image\)/],
      ["notes.txt", Buffer.from("these are my training notes, not weights"), /notes\.txt is not a safetensors file \(it looks like a text file\)/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(folder, name);
      writeFileSync(path, bytes);
      expect(() => loadCheckpoint(path)).toThrow(message);
      expect(() => loadCheckpoint(path)).not.toThrow(/\d{12}/);
    }
    expect(() => loadCheckpoint(folder)).toThrow(/is a folder; give a \.safetensors file, or a folder that alexnet train wrote/);
  });
});
