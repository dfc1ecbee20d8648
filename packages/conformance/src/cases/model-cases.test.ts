import { withDefaults, type Backend } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { runCase, type CaseGroup, type ConformanceCase } from "../case.js";
import { resolveOptions } from "../options.js";
import { createReferenceBackend } from "../reference-backend.js";
import { modelCaseGroup } from "./model-cases.js";

const seedKeras = (group: CaseGroup): ConformanceCase => group.cases.find((testCase) => testCase.id === "model/seed-keras")!;

describe("whole-model cases", () => {
  it("at small sizes check only the small variant, unless inferenceModels names another, which runs its forward pass only", () => {
    const plain = seedKeras(modelCaseGroup(resolveOptions({ sizes: "small" })));
    expect(plain.skipReason).toMatch(/only the small variant/);
    const named = seedKeras(modelCaseGroup(resolveOptions({ sizes: "small", inferenceModels: ["seed-keras"] })));
    expect(named.skipReason).toBeUndefined();
    expect(named.title).toMatch(/forward output vs the reference \(small sizes: inference only\)/);
    const full = seedKeras(modelCaseGroup(resolveOptions({ sizes: "full", inferenceModels: ["seed-keras"] })));
    expect(full.title).toMatch(/training-step gradients/);
  });

  it("the seed-keras forward check fails a backend whose max pooling averages", async () => {
    const testCase = seedKeras(modelCaseGroup(resolveOptions({ sizes: "small", inferenceModels: ["seed-keras"] })));
    const original = withDefaults(createReferenceBackend({ withOverrides: true })) as unknown as Backend;
    // Same shapes, other values: only the comparison with the reference can catch it.
    const averaging: Partial<Backend> = { maxPool2d: (x, options) => original.avgPool2d(x, { ...options, countIncludePad: false }) };
    const faulty = Object.assign(Object.create(original) as Backend, averaging);
    await expect(runCase(faulty, testCase, resolveOptions().tolerance)).rejects.toThrow(/seed-keras inference output/);
  });
});
