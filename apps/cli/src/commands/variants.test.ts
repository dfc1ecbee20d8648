import { variantNames, variants } from "@alexnet-ts/alexnet";
import { describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

describe("alexnet variants", () => {
  it("lists every variant with its description, defaults and parameter count", async () => {
    const result = await runCli(["variants"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const flattened = result.stdout.replace(/\s+/g, " ");
    for (const name of variantNames) {
      expect(result.stdout).toMatch(new RegExp(`^${name} `, "m"));
      expect(flattened).toContain(variants[name].description);
    }
    expect(flattened).toContain("--input 227 --channels 3 --classes 1000 --activation relu --normalization lrn --pooling overlapping --dropout 0.5 (60,965,224 parameters)");
    expect(flattened).toContain("(61,100,840 parameters)");
    for (const line of result.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });
});
