import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../builder.js";
import { formatTorchSummary, torchModuleRows } from "./torch.js";
import { torchNotebookModel } from "./test-notebook-models.js";
import { seedTorchTable } from "./test-seed-tables.js";

const lines = (text: string): string[] => text.replace(/\n$/, "").split("\n");

describe("torchsummary summary", () => {
  const printed = lines(formatTorchSummary(torchNotebookModel()));

  it("reproduces the assignment's table verbatim, as far as it goes", () => {
    const withoutRules = printed.filter((line) => !/^=+$/.test(line));
    const complete = seedTorchTable.slice(0, -1);
    expect(withoutRules.slice(0, complete.length)).toEqual(complete);
    expect(withoutRules[complete.length].startsWith(seedTorchTable[seedTorchTable.length - 1])).toBe(true);
  });

  it("lists leaf modules in call order, leaving out F.log_softmax", () => {
    const rows = torchModuleRows(torchNotebookModel());
    expect(rows.map((row) => row.key)).toEqual([
      "Conv2d-1", "ReLU-2", "MaxPool2d-3", "BatchNorm2d-4", "Conv2d-5", "ReLU-6", "MaxPool2d-7", "BatchNorm2d-8",
      "Conv2d-9", "ReLU-10", "Conv2d-11", "ReLU-12", "Conv2d-13", "ReLU-14", "MaxPool2d-15", "Flatten-16",
      "Dropout-17", "Linear-18", "ReLU-19", "Dropout-20", "Linear-21", "ReLU-22", "Linear-23",
    ]);
    expect(printed).toContain("           Linear-18                 [-1, 4096]      37,752,832");
    expect(printed).toContain("           Linear-23                 [-1, 1000]       4,097,000");
  });

  it("counts BatchNorm2d's weight and bias only, as torchsummary does", () => {
    expect(printed.slice(-10, -6)).toEqual([
      "=".repeat(64),
      "Total params: 62,379,048",
      "Trainable params: 62,379,048",
      "Non-trainable params: 0",
    ]);
  });

  it("estimates memory as torchsummary does: 4 bytes a number, outputs doubled for gradients", () => {
    // 512×512 floats are exactly 1 MB; two 1×512×512 outputs, doubled, are 4 MB.
    const graph = new GraphBuilder("memory", [1, 512, 512]).relu("relu").flatten("flatten").build();
    const footer = lines(formatTorchSummary(graph)).slice(-6);
    expect(footer).toEqual([
      "-".repeat(64),
      "Input size (MB): 1.00",
      "Forward/backward pass size (MB): 4.00",
      "Params size (MB): 0.00",
      "Estimated Total Size (MB): 5.00",
      "-".repeat(64),
    ]);
    const withBatch = lines(formatTorchSummary(graph, { batchSize: 3 }));
    // "{:>20}  {:>25} {:>15}"
    expect(withBatch).toContain(`${" ".repeat(11)}Flatten-2  ${" ".repeat(14)}[3, 262144] ${" ".repeat(14)}0`);
    expect(withBatch).toContain("Estimated Total Size (MB): 15.00");
  });

  it("prints the header exactly", () => {
    expect(printed.slice(0, 3)).toEqual(["-".repeat(64), "        Layer (type)               Output Shape         Param #", "=".repeat(64)]);
  });
});
