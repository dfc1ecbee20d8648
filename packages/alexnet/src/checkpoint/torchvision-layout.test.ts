import { analyzeGraph } from "@alexnet-ts/ir";
import { describe, expect, it } from "vitest";
import { buildTorchvision } from "@alexnet-ts/variants";
import { decodeSafetensors } from "./safetensors.js";
import { randomTorchvisionWeights, torchvisionStateDict } from "./torchvision-layout.js";


describe("torchvision's AlexNet state_dict (the format facts docs/torchvision.md relies on)", () => {
  it("has the torchvision variant's parameter names and shapes, OIHW filters and [out, in] fc weights", () => {
    const parameters = analyzeGraph(buildTorchvision()).parameters.map((parameter) => ({ name: parameter.fullName, shape: [...parameter.shape] }));
    expect(parameters).toEqual(torchvisionStateDict.map(({ name, shape }) => ({ name, shape: [...shape] })));
    // 61,100,840 parameters, torchvision's documented count.
    expect(torchvisionStateDict.reduce((sum, { shape }) => sum + shape.reduce((product, size) => product * size, 1), 0)).toBe(61_100_840);
  });
  it("is written as float32 safetensors with names sorted, no metadata, and reads back with every shape", () => {
    const bytes = Buffer.concat(randomTorchvisionWeights(7));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, { dtype: string; shape: number[] }>;
    const names = Object.keys(header).filter((name) => name !== "__metadata__");
    expect(names).toEqual([...names].sort());
    expect(new Set(names.map((name) => header[name].dtype))).toEqual(new Set(["F32"]));
    const { tensors, metadata } = decodeSafetensors(bytes, "alexnet.safetensors");
    expect(metadata).toEqual({});
    for (const { name, shape } of torchvisionStateDict) expect(tensors.get(name)?.shape).toEqual(shape);
  });
});
