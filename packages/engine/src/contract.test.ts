import { describe, expect, it } from "vitest";
import { backendContractVersion, type BackendImplementation } from "./backend.js";
import { ContractVersionError, defaultOverrides, withDefaults } from "./defaults/index.js";
import { coreOps, overridableOps } from "./op-names.js";

/** An implementation whose ops are never called here: only its identity matters to withDefaults. */
function implementationOfVersion(contractVersion: number): BackendImplementation {
  const core: Record<string, unknown> = { name: "probe", contractVersion, describe: () => "probe" };
  for (const name of coreOps) core[name] = () => {
    throw new Error(`${name} is not called in this test`);
  };
  return core as unknown as BackendImplementation;
}

describe("the contract", () => {
  it("names every op once, as core or overridable, and the defaults cover exactly the overridable ones", () => {
    expect(new Set([...coreOps, ...overridableOps]).size).toBe(coreOps.length + overridableOps.length);
    expect(coreOps).toContain("conv2d");
    expect(overridableOps).toContain("conv2dBiasActivation");
    const defaults = defaultOverrides(withDefaults(implementationOfVersion(backendContractVersion)));
    expect(Object.keys(defaults).sort()).toEqual([...overridableOps].sort());
  });

  it("withDefaults completes a backend of this contract version with every default", () => {
    const backend = withDefaults(implementationOfVersion(backendContractVersion));
    for (const name of overridableOps) expect(typeof backend[name], name).toBe("function");
  });

  it("withDefaults refuses a backend of another contract version, in one line naming both versions", () => {
    for (const version of [backendContractVersion - 1, backendContractVersion + 1]) {
      const refuse = () => withDefaults(implementationOfVersion(version));
      expect(refuse).toThrow(ContractVersionError);
      expect(refuse).toThrow(new RegExp(`^backend "probe" implements contract version ${version}, but this @alexnet-ts/engine implements version ${backendContractVersion}: [^\\n]+$`));
    }
  });
});
