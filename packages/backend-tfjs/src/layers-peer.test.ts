import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { buildVariant } from "@alexnet-ts/alexnet";
import { analyzeGraph } from "@alexnet-ts/ir";
import { describe, expect, it } from "vitest";
import { buildLayersAlexNet } from "./layers-peer.js";

describe("the tfjs-layers AlexNet the benchmark compares against", () => {
  it("has the seed-keras variant's parameter count and output shape", async () => {
    await tf.setBackend("cpu");
    const options = { classes: 10, inputSize: 67, inputChannels: 3 };
    const model = buildLayersAlexNet(options);
    const expected = analyzeGraph(buildVariant("seed-keras", options)).parameters.reduce((total, parameter) => total + parameter.shape.reduce((product, size) => product * size, 1), 0);
    expect(model.countParams()).toBe(expected);
    const output = model.predict(tf.zeros([2, 67, 67, 3])) as tf.Tensor;
    expect(output.shape).toEqual([2, 10]);
    output.dispose();
    model.dispose();
  });
});
