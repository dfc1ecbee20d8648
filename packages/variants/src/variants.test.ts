import { analyzeGraph, countParameters } from "@alexnet-ts/ir";
import { describe, expect, it } from "vitest";
import { buildVariant, variantNames } from "./index.js";

describe("AlexNet variants", () => {
  it("paper has 60,965,224 parameters", () => {
    expect(countParameters(analyzeGraph(buildVariant("paper"))).total).toBe(60_965_224);
  });
  it("torchvision has 61,100,840 parameters", () => {
    expect(countParameters(analyzeGraph(buildVariant("torchvision"))).total).toBe(61_100_840);
  });
  it("seed-keras has 62,379,752 parameters, 704 of them non-trainable", () => {
    expect(countParameters(analyzeGraph(buildVariant("seed-keras")))).toEqual({ total: 62_379_752, trainable: 62_379_048, nonTrainable: 704 });
  });
  it("every variant builds at its default size and ends in [1, classes]", () => {
    for (const name of variantNames) {
      const analyzed = analyzeGraph(buildVariant(name, { classes: 7 }));
      expect(analyzed.outputShape).toEqual([1, 7]);
    }
  });
  it("paper at 226×226 fails naming fc6 and pool5", () => {
    expect(() => buildVariant("paper", { inputSize: 200 })).toThrowError(
      "fc6 expects 9216 input features, but pool5 gives 256×5×5 = 6400: AlexNet's arithmetic needs a 227×227 input",
    );
  });
  it("zero classes and unknown variants are refused with one line", () => {
    expect(() => buildVariant("paper", { classes: 0 })).toThrowError(/classes must be a whole number of at least 1, but is 0/);
    expect(() => buildVariant("resnet")).toThrowError(/unknown variant "resnet"; choose one of: paper, seed-keras/);
  });
  it("an input too small for conv1 names conv1", () => {
    expect(() => buildVariant("paper", { inputSize: 8 })).toThrowError(/^conv1 needs an input of at least 11×11/);
  });
  it("torchvision names parameters like its state_dict", () => {
    const names = analyzeGraph(buildVariant("torchvision")).parameters.map((parameter) => parameter.fullName);
    expect(names).toEqual([
      "features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias", "features.6.weight", "features.6.bias",
      "features.8.weight", "features.8.bias", "features.10.weight", "features.10.bias", "classifier.1.weight", "classifier.1.bias",
      "classifier.4.weight", "classifier.4.bias", "classifier.6.weight", "classifier.6.bias",
    ]);
  });
});
