import { describe, expect, it } from "vitest";
import { runCli } from "../test-run-cli.js";

describe("alexnet backends", () => {
  it("lists cpu as available and every backend with a state", async () => {
    const result = await runCli(["backends"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^cpu\s+available\s/m);
    for (const name of ["tfjs-cpu", "tfjs-wasm", "tfjs-node", "gpujs-webgl"]) expect(result.stdout).toMatch(new RegExp(`^${name}\\s+(available|unavailable)`, "m"));
  });

  it("explains why an unavailable backend is unavailable and how to enable it", async () => {
    const result = await runCli(["backends", "--json"]);
    const rows = (JSON.parse(result.stdout) as { backends: { name: string; available: boolean; reason?: string; howToEnable?: string }[] }).backends;
    for (const row of rows.filter((candidate) => !candidate.available)) {
      expect(row.reason, row.name).toBeTruthy();
      expect(row.howToEnable, row.name).toBeTruthy();
    }
    expect(rows.find((row) => row.name === "cpu")?.available).toBe(true);
  });
});
