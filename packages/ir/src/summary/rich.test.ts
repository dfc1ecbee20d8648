import { describe, expect, it } from "vitest";
import { formatRichSummary } from "./rich.js";
import { summaryJson } from "./json.js";
import { kerasNotebookModel, torchNotebookModel } from "./test-notebook-models.js";

const lines = (text: string): string[] => text.replace(/\n$/, "").split("\n");

describe("rich summary", () => {
  it("lists every node with its op, NCHW shape with the batch, parameters and geometry", () => {
    const printed = lines(formatRichSummary(kerasNotebookModel(), { batch: 2 }));
    const conv1 = printed.find((line) => line.startsWith("conv1 "));
    expect(conv1?.split(/ {2,}/)).toEqual(["conv1", "Conv2d", "[2, 96, 55, 55]", "34,944", "211M", "2.22 MB", "11×11 /4"]);
    const conv2 = printed.find((line) => line.startsWith("conv2 "));
    expect(conv2).toMatch(/\[2, 256, 27, 27\] +614,656 .* 5×5 \/1 p2$/);
    for (const name of ["relu1", "pool1", "bn1", "flatten", "dropout6", "fc6", "fc8", "softmax"]) {
      expect(printed.some((line) => line.startsWith(`${name} `)), name).toBe(true);
    }
    expect(printed).toContain("Parameters            62,379,752 (62,379,048 trainable, 704 non-trainable)");
  });

  it("fits a 100-column terminal", () => {
    for (const graph of [kerasNotebookModel(), torchNotebookModel()]) {
      for (const line of lines(formatRichSummary(graph, { batch: 128, comments: true }))) expect(line.length).toBeLessThanOrEqual(100);
    }
  });

  it("prints each layer's comment under its row with --comments", () => {
    const graph = torchNotebookModel();
    const plain = lines(formatRichSummary(graph));
    const withComments = lines(formatRichSummary({ ...graph, nodes: graph.nodes.map((node) => ({ ...node, comment: `about ${node.name}` })) }, { comments: true }));
    expect(plain.some((line) => line.includes("about"))).toBe(false);
    const conv1 = withComments.findIndex((line) => line.startsWith("conv1 "));
    expect(withComments[conv1 + 1]).toBe("    about conv1");
  });

  it("scales multiply-adds and activation memory with the batch, not the parameters", () => {
    const one = summaryJson(kerasNotebookModel(), { batch: 1 }).totals;
    const eight = summaryJson(kerasNotebookModel(), { batch: 8 }).totals;
    expect(eight.multiplyAccumulates).toBe(8 * one.multiplyAccumulates);
    expect(eight.activationBytes).toBe(8 * one.activationBytes);
    expect(eight.forwardBackwardBytes).toBe(2 * eight.activationBytes);
    expect(eight.parameterBytes).toBe(one.parameterBytes);
    // conv1 alone: 96 × 55 × 55 outputs, each a dot product over 11 × 11 × 3 inputs.
    expect(summaryJson(kerasNotebookModel()).nodes[0].multiplyAccumulates).toBe(96 * 55 * 55 * 11 * 11 * 3);
  });
});
