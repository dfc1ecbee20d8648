import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BackendRegistry } from "../registry.js";
import { discoverBackendPackages } from "./discover.js";

describe("discoverBackendPackages", () => {
  it("finds the workspace's backend packages by their package.json marker, names coming from their providers", async () => {
    const sources = discoverBackendPackages([dirname(fileURLToPath(import.meta.url))]);
    const packages = sources.map((source) => source.packageName);
    expect(packages).toContain("@alexnet-ts/backend-cpu");
    expect(packages).not.toContain("@alexnet-ts/engine");
    const registry = new BackendRegistry(sources);
    const cpu = await registry.provider("cpu");
    expect(cpu.rank).toBe(1);
    expect(await cpu.availability()).toEqual({ available: true });
  });
});
