import { describe, expect, it } from "vitest";
import { outputLines, runCli } from "../test-run-cli.js";

describe("alexnet summary", () => {
  it("--variant seed-keras --format keras prints every layer of the assignment's Keras table and its footer", async () => {
    const result = await runCli(["summary", "--variant", "seed-keras", "--format", "keras"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const lines = outputLines(result.stdout);
    // Verbatim from the assignment.
    expect(lines.slice(0, 5)).toEqual([
      'Model: "sequential"',
      "_________________________________________________________________",
      " Layer (type)                Output Shape              Param #   ",
      "=================================================================",
      " conv2d (Conv2D)             (None, 55, 55, 96)        34944     ",
    ]);
    expect(lines).toContain(" max_pooling2d (MaxPooling2D  (None, 27, 27, 96)       0         ");
    expect(lines[lines.indexOf(" max_pooling2d (MaxPooling2D  (None, 27, 27, 96)       0         ") + 1]).toBe(` )${" ".repeat(63)}`);
    // Every layer: the first column's text (joined across wrapped lines), shape and count.
    const rows: string[] = [];
    for (let index = 4; index < lines.length && !lines[index].startsWith("="); index += 1) {
      const line = lines[index];
      if (line.trim() === "") continue;
      const fields = line.trim().split(/ {2,}/);
      if (fields.length === 3) rows.push(fields.join(" | "));
      else rows[rows.length - 1] = rows[rows.length - 1].replace(" | ", `${fields[0]} | `);
    }
    expect(rows).toEqual([
      `conv2d (Conv2D) | (None, 55, 55, 96) | ${11 * 11 * 3 * 96 + 96}`,
      "max_pooling2d (MaxPooling2D) | (None, 27, 27, 96) | 0",
      `batch_normalization (BatchNormalization) | (None, 27, 27, 96) | ${4 * 96}`,
      `conv2d_1 (Conv2D) | (None, 27, 27, 256) | ${5 * 5 * 96 * 256 + 256}`,
      "max_pooling2d_1 (MaxPooling2D) | (None, 13, 13, 256) | 0",
      `batch_normalization_1 (BatchNormalization) | (None, 13, 13, 256) | ${4 * 256}`,
      `conv2d_2 (Conv2D) | (None, 13, 13, 384) | ${3 * 3 * 256 * 384 + 384}`,
      `conv2d_3 (Conv2D) | (None, 13, 13, 384) | ${3 * 3 * 384 * 384 + 384}`,
      `conv2d_4 (Conv2D) | (None, 13, 13, 256) | ${3 * 3 * 384 * 256 + 256}`,
      "max_pooling2d_2 (MaxPooling2D) | (None, 6, 6, 256) | 0",
      "flatten (Flatten) | (None, 9216) | 0",
      "dropout (Dropout) | (None, 9216) | 0",
      `dense (Dense) | (None, 4096) | ${9216 * 4096 + 4096}`,
      "dropout_1 (Dropout) | (None, 4096) | 0",
      `dense_1 (Dense) | (None, 4096) | ${4096 * 4096 + 4096}`,
      `dense_2 (Dense) | (None, 1000) | ${4096 * 1000 + 1000}`,
    ]);
    expect(lines.slice(-4)).toEqual(["Total params: 62,379,752", "Trainable params: 62,379,048", "Non-trainable params: 704", "_".repeat(65)]);
  });

  it("--variant seed-torch --format torch prints the assignment's torchsummary table", async () => {
    const result = await runCli(["summary", "--variant", "seed-torch", "--format", "torch"]);
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout);
    // The first rows verbatim from the assignment.
    expect(lines.slice(0, 17)).toEqual([
      "----------------------------------------------------------------",
      "        Layer (type)               Output Shape         Param #",
      "================================================================",
      "            Conv2d-1           [-1, 96, 55, 55]          34,944",
      "              ReLU-2           [-1, 96, 55, 55]               0",
      "         MaxPool2d-3           [-1, 96, 27, 27]               0",
      "       BatchNorm2d-4           [-1, 96, 27, 27]             192",
      "            Conv2d-5          [-1, 256, 27, 27]         614,656",
      "              ReLU-6          [-1, 256, 27, 27]               0",
      "         MaxPool2d-7          [-1, 256, 13, 13]               0",
      "       BatchNorm2d-8          [-1, 256, 13, 13]             512",
      "            Conv2d-9          [-1, 384, 13, 13]         885,120",
      "             ReLU-10          [-1, 384, 13, 13]               0",
      "           Conv2d-11          [-1, 384, 13, 13]       1,327,488",
      "             ReLU-12          [-1, 384, 13, 13]               0",
      "           Conv2d-13          [-1, 256, 13, 13]         884,992",
      "             ReLU-14          [-1, 256, 13, 13]               0",
    ]);
    expect(lines).toContain("           Linear-23                 [-1, 1000]       4,097,000");
    expect(lines.some((line) => line.includes("LogSoftmax"))).toBe(false);
    expect(lines).toContain("Total params: 62,379,048");
  });

  it("torchvision matches torchsummary's published AlexNet numbers", async () => {
    const lines = outputLines((await runCli(["summary", "--variant", "torchvision", "--format", "torch"])).stdout);
    expect(lines.slice(-9)).toEqual([
      "Total params: 61,100,840",
      "Trainable params: 61,100,840",
      "Non-trainable params: 0",
      "-".repeat(64),
      "Input size (MB): 0.57",
      "Forward/backward pass size (MB): 8.38",
      "Params size (MB): 233.08",
      "Estimated Total Size (MB): 242.03",
      "-".repeat(64),
    ]);
    // "{:>20}  {:>25} {:>15}": the 20-character key needs no padding.
    expect(lines).toContain(`AdaptiveAvgPool2d-14  ${" ".repeat(10)}[-1, 256, 6, 6] ${" ".repeat(14)}0`);
  });

  it("paper totals 60,965,224 parameters in every format", async () => {
    expect((await runCli(["summary"])).stdout).toContain("Parameters            60,965,224 (60,965,224 trainable, 0 non-trainable)");
    expect((await runCli(["summary", "--format", "keras"])).stdout).toContain("Total params: 60,965,224\n");
    expect((await runCli(["summary", "--format", "torch"])).stdout).toContain("Total params: 60,965,224\n");
    const json = JSON.parse((await runCli(["summary", "--format", "json"])).stdout) as { totals: { parameters: number } };
    expect(json.totals.parameters).toBe(60_965_224);
  });

  it("torchvision totals 61,100,840 parameters", async () => {
    const json = JSON.parse((await runCli(["summary", "--variant", "torchvision", "--format", "json", "--batch", "2"])).stdout) as {
      batch: number;
      totals: { parameters: number };
    };
    expect(json).toMatchObject({ batch: 2, totals: { parameters: 61_100_840 } });
  });

  it("applies the batch and the ablation flags", async () => {
    const rich = (await runCli(["summary", "--batch", "4", "--activation", "tanh", "--normalization", "none", "--dropout", "0", "--classes", "10"])).stdout;
    expect(rich).toMatch(/^conv1 +Conv2d +\[4, 96, 55, 55\]/m);
    expect(rich).toMatch(/^tanh1 +Tanh /m);
    expect(rich).not.toMatch(/ReLU|LRN|Dropout/);
    expect(rich).toMatch(/^fc8 +Linear +\[4, 10\] +40,970 /m);
    const small = (await runCli(["summary", "--variant", "small", "--input", "32", "--channels", "3", "--pooling", "plain"])).stdout;
    expect(small).toContain("input 3×32×32");
  });

  it("--activation sigmoid names the layers in every format, fusing into Conv2D/Dense for Keras", async () => {
    const rich = (await runCli(["summary", "--variant", "seed-keras", "--activation", "sigmoid"])).stdout;
    expect(rich).toMatch(/^sigmoid1 +Sigmoid +\[1, 96, 55, 55\]/m);
    expect(rich).not.toMatch(/ReLU/);
    const torch = (await runCli(["summary", "--variant", "seed-keras", "--activation", "sigmoid", "--format", "torch"])).stdout;
    expect(torch).toMatch(/^ +Sigmoid-2 +\[-1, 96, 55, 55\] +0$/m);
    const keras = (await runCli(["summary", "--variant", "seed-keras", "--activation", "sigmoid", "--format", "keras"])).stdout;
    expect(keras).toBe((await runCli(["summary", "--variant", "seed-keras", "--format", "keras"])).stdout);
  });

  it("keeps the rich table within 100 columns for every variant, comments included", async () => {
    for (const variant of ["paper", "seed-keras", "seed-torch", "torchvision", "small"]) {
      const result = await runCli(["summary", "--variant", variant, "--batch", "256", "--comments"]);
      expect(result.code).toBe(0);
      for (const line of outputLines(result.stdout)) expect(line.length, `${variant}: ${line}`).toBeLessThanOrEqual(100);
    }
  });
});
