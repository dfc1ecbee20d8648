import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../builder.js";
import { formatKerasSummary, kerasLayers } from "./keras.js";
import { analyzeGraph } from "../graph.js";
import { kerasNotebookModel } from "./test-notebook-models.js";
import { seedKerasTable } from "./test-seed-tables.js";

const lines = (text: string): string[] => text.replace(/\n$/, "").split("\n");

describe("Keras summary", () => {
  const text = formatKerasSummary(kerasNotebookModel());
  const printed = lines(text);

  it("reproduces the assignment's table verbatim, as far as it goes", () => {
    // The assignment's copy has no "=" rules; its last line is cut off part-way.
    const withoutRules = printed.filter((line) => !/^=+$/.test(line));
    const complete = seedKerasTable.slice(0, -1);
    expect(withoutRules.slice(0, complete.length)).toEqual(complete);
    expect(withoutRules[complete.length].startsWith(seedKerasTable[seedKerasTable.length - 1])).toBe(true);
  });

  it("lists every layer of the notebook with Keras's names, NHWC shapes and parameter counts", () => {
    const expected: Array<[string, string, number]> = [
      ["conv2d (Conv2D)", "(None, 55, 55, 96)", 11 * 11 * 3 * 96 + 96],
      ["max_pooling2d (MaxPooling2D)", "(None, 27, 27, 96)", 0],
      ["batch_normalization (BatchNormalization)", "(None, 27, 27, 96)", 4 * 96],
      ["conv2d_1 (Conv2D)", "(None, 27, 27, 256)", 5 * 5 * 96 * 256 + 256],
      ["max_pooling2d_1 (MaxPooling2D)", "(None, 13, 13, 256)", 0],
      ["batch_normalization_1 (BatchNormalization)", "(None, 13, 13, 256)", 4 * 256],
      ["conv2d_2 (Conv2D)", "(None, 13, 13, 384)", 3 * 3 * 256 * 384 + 384],
      ["conv2d_3 (Conv2D)", "(None, 13, 13, 384)", 3 * 3 * 384 * 384 + 384],
      ["conv2d_4 (Conv2D)", "(None, 13, 13, 256)", 3 * 3 * 384 * 256 + 256],
      ["max_pooling2d_2 (MaxPooling2D)", "(None, 6, 6, 256)", 0],
      ["flatten (Flatten)", "(None, 9216)", 0],
      ["dropout (Dropout)", "(None, 9216)", 0],
      ["dense (Dense)", "(None, 4096)", 9216 * 4096 + 4096],
      ["dropout_1 (Dropout)", "(None, 4096)", 0],
      ["dense_1 (Dense)", "(None, 4096)", 4096 * 4096 + 4096],
      ["dense_2 (Dense)", "(None, 1000)", 4096 * 1000 + 1000],
    ];
    const layers = kerasLayers(analyzeGraph(kerasNotebookModel()));
    expect(layers.map((layer) => [`${layer.name} (${layer.className})`, layer.outputShape, layer.parameters])).toEqual(expected);
    // Each layer's row, unwrapped: the first column's text continues on the lines below it.
    for (const [name, shape, parameters] of expected) {
      const row = printed.findIndex((line) => line.startsWith(` ${name.slice(0, 27)}`));
      expect(row, name).toBeGreaterThan(0);
      const [, printedShape, printedParameters] = printed[row].trim().split(/ {2,}/);
      expect([printedShape, printedParameters]).toEqual([shape, String(parameters)]);
    }
  });

  it("ends with the notebook's footer", () => {
    expect(printed.slice(-6)).toEqual([
      " ".repeat(65),
      "=".repeat(65),
      "Total params: 62,379,752",
      "Trainable params: 62,379,048",
      "Non-trainable params: 704",
      "_".repeat(65),
    ]);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("keeps Keras's geometry: 65-column rows, a blank line after each layer, rules after the header and the last layer", () => {
    const table = printed.slice(2, -4);
    for (const line of table) expect(line.length).toBe(65);
    expect(printed[0]).toBe('Model: "sequential"');
    expect(printed[1]).toBe("_".repeat(65));
    expect(printed[3]).toBe("=".repeat(65));
    expect(printed.filter((line) => line === " ".repeat(65))).toHaveLength(16);
  });

  it("fuses an activation only into the Conv2D or Dense it directly follows", () => {
    const graph = new GraphBuilder("mixed", [3, 8, 8])
      .conv2d("conv", { outChannels: 4, kernel: 3 })
      .tanh("tanh")
      .maxPool2d("pool", { kernel: 2 })
      .relu("relu")
      .localResponseNorm("lrn", { size: 5, alpha: 1e-4, beta: 0.75, k: 2 })
      .localResponseNorm("lrn_again", { size: 5, alpha: 1e-4, beta: 0.75, k: 2 })
      .flatten("flatten")
      .linear("fc", { outFeatures: 2 })
      .logSoftmax("log_softmax")
      .build();
    const layers = kerasLayers(analyzeGraph(graph));
    expect(layers.map((layer) => `${layer.name} (${layer.className}) ${layer.nodes.join("+")}`)).toEqual([
      "conv2d (Conv2D) conv+tanh",
      "max_pooling2d (MaxPooling2D) pool",
      "activation (Activation) relu",
      "local_response_normalization (Lambda) lrn",
      "local_response_normalization_1 (Lambda) lrn_again",
      "flatten (Flatten) flatten",
      "dense (Dense) fc+log_softmax",
    ]);
  });

  it("wraps a long first column the way Keras's print_row does", () => {
    const graph = new GraphBuilder("lrn", [3, 8, 8]).localResponseNorm("lrn", { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }).build();
    const printedLrn = lines(formatKerasSummary(graph));
    expect(printedLrn[4]).toBe(" local_response_normalizatio  (None, 8, 8, 3)          0         ");
    expect(printedLrn[5]).toBe(` n (Lambda)${" ".repeat(54)}`);
  });
});
