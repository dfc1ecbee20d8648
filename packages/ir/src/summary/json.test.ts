import { describe, expect, it } from "vitest";
import { formatJsonSummary, summaryJsonVersion } from "./json.js";
import { formatSummary, summaryFormats } from "./index.js";
import { kerasNotebookModel } from "./test-notebook-models.js";

describe("JSON summary", () => {
  const parsed = JSON.parse(formatJsonSummary(kerasNotebookModel(), { batch: 4 })) as {
    format: string;
    version: number;
    batch: number;
    input: { shape: number[] };
    nodes: Array<{ name: string; op: string; outputShape: number[]; parameters: { total: number; nonTrainable: number }; attributes: Record<string, unknown> }>;
    totals: { parameters: number; trainableParameters: number; nonTrainableParameters: number; parameterBytes: number };
  };

  it("names its format and version", () => {
    expect(parsed.format).toBe("alexnet-ts.summary");
    expect(parsed.version).toBe(summaryJsonVersion);
    expect(parsed.batch).toBe(4);
    expect(parsed.input.shape).toEqual([4, 3, 227, 227]);
  });

  it("describes every node, and its counts add up to the totals", () => {
    expect(parsed.nodes.map((node) => node.name)).toEqual(kerasNotebookModel().nodes.map((node) => node.name));
    expect(parsed.nodes.reduce((sum, node) => sum + node.parameters.total, 0)).toBe(parsed.totals.parameters);
    expect(parsed.totals).toMatchObject({ parameters: 62_379_752, trainableParameters: 62_379_048, nonTrainableParameters: 704, parameterBytes: 4 * 62_379_752 });
    const bn1 = parsed.nodes.find((node) => node.name === "bn1");
    expect(bn1).toMatchObject({ op: "batchNorm2d", outputShape: [4, 96, 27, 27], parameters: { total: 384, nonTrainable: 192 }, attributes: { epsilon: 1e-3 } });
  });

  it("is one of the formats formatSummary dispatches to", () => {
    expect(summaryFormats).toEqual(["rich", "keras", "torch", "json"]);
    for (const format of summaryFormats) expect(formatSummary(kerasNotebookModel(), format).endsWith("\n")).toBe(true);
    expect(formatSummary(kerasNotebookModel(), "json", { batch: 4 })).toBe(formatJsonSummary(kerasNotebookModel(), { batch: 4 }));
  });
});
