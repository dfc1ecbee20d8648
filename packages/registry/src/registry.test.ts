import type { Backend, BackendProvider } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { BackendChoiceError, BackendRegistry, loadedSource, type BackendSource } from "./index.js";

/** A provider whose backend is a marker object: these tests check choice, not compute. */
function provider(name: string, rank: number | undefined, available: boolean): BackendProvider {
  return {
    name,
    ...(rank !== undefined && { rank }),
    description: `${name} for the registry's tests`,
    availability: async () => (available ? { available: true } : { available: false, reason: `${name} needs a GPU`, howToEnable: `install a GPU for ${name}` }),
    create: async () => ({ name }) as unknown as Backend,
  };
}

describe("BackendRegistry", () => {
  const fast = loadedSource("fast-package", { backendProviders: [provider("gpu", 2, false), provider("fast", 1, true)] });
  const slow = loadedSource("slow-package", { backendProviders: [provider("slow", 5, true), provider("unranked", undefined, true)] });

  it("lists names and availability by rank, unranked last, with why and how to enable", async () => {
    const registry = new BackendRegistry([slow, fast]);
    expect(await registry.names()).toEqual(["fast", "gpu", "slow", "unranked"]);
    const rows = await registry.list();
    expect(rows.map((row) => [row.name, row.available])).toEqual([["fast", true], ["gpu", false], ["slow", true], ["unranked", true]]);
    expect(rows[1]).toMatchObject({ reason: "gpu needs a GPU", howToEnable: "install a GPU for gpu" });
  });

  it("picks the best available backend by rank", async () => {
    expect((await new BackendRegistry([slow, fast]).best()).name).toBe("fast");
    expect((await new BackendRegistry([slow]).best()).name).toBe("slow");
    await expect(new BackendRegistry([]).best()).rejects.toThrow(BackendChoiceError);
  });

  it("resolves a name, refusing an unknown one in one line listing the names", async () => {
    const registry = new BackendRegistry([slow, fast]);
    expect(((await registry.create("slow")) as unknown as { name: string }).name).toBe("slow");
    await expect(registry.provider("nope")).rejects.toThrow(/^unknown backend "nope"; choose one of: fast, gpu, slow, unranked/);
    await expect(registry.create("gpu")).rejects.toThrow(/^backend "gpu" is not available here: gpu needs a GPU \(install a GPU for gpu\); available: fast, slow, unranked$/);
  });

  it("lists a provider whose availability check throws as unavailable, with the error's first line, and skips it for best()", async () => {
    const throwing: BackendProvider = { ...provider("flaky", 0, true), availability: () => Promise.reject(new Error("requestAdapter exploded\nstack…")) };
    const registry = new BackendRegistry([loadedSource("flaky-package", { backendProviders: [throwing] }), slow]);
    const rows = await registry.list();
    expect(rows[0]).toMatchObject({ name: "flaky", available: false, reason: "its availability check failed: requestAdapter exploded" });
    expect(rows.slice(1).every((row) => row.available)).toBe(true);
    expect((await registry.best()).name).toBe("slow");
    await expect(registry.create("flaky")).rejects.toThrow(/^backend "flaky" is not available here: its availability check failed: requestAdapter exploded/);
  });

  it("imports a package only when its providers are needed, and reports one that fails to load", async () => {
    let imported = false;
    const lazy: BackendSource = {
      packageName: "lazy-package",
      load: async () => {
        imported = true;
        return { backendProviders: [provider("lazy", 9, true)] };
      },
    };
    const broken: BackendSource = { packageName: "broken-package", load: () => Promise.reject(new Error("Cannot find module 'gpu-thing'")) };
    const registry = new BackendRegistry([fast, lazy, broken]);
    await registry.provider("fast");
    expect(imported).toBe(false);
    const rows = await registry.list();
    expect(imported).toBe(true);
    expect(rows.find((row) => row.name === "broken-package")).toMatchObject({ available: false, reason: expect.stringContaining("Cannot find module 'gpu-thing'") });
    await expect(registry.provider("missing")).rejects.toThrow(/broken-package could not be loaded/);
  });
});
