import { describe, expect, it } from "vitest";
import { BenchUsageError } from "./errors.js";
import { environmentFor, labelUnderNode, optionVariable, parseBackendSpecification, resolveNodeRuntimes } from "./targets.js";

describe("backend specifications (name@option=value)", () => {
  it("splits a name from its options, in order", () => {
    expect(parseBackendSpecification("cpu")).toEqual({ label: "cpu", backend: "cpu", options: [] });
    expect(parseBackendSpecification("cpu@kernel=simd128@threads=1")).toEqual({
      label: "cpu@kernel=simd128@threads=1",
      backend: "cpu",
      options: [
        ["kernel", "simd128"],
        ["threads", "1"],
      ],
    });
  });

  for (const entry of ["cpu@threads", "cpu@=1", "cpu@Threads=1", "cpu@threads=", "cpu@threads=1@threads=2"]) {
    it(`refuses ${entry} with one line`, () => {
      expect(() => parseBackendSpecification(entry)).toThrow(BenchUsageError);
    });
  }

  it("passes options to the child as ALEXNET_<BACKEND>_<OPTION> variables", () => {
    expect(optionVariable("cpu", "threads")).toBe("ALEXNET_CPU_THREADS");
    expect(optionVariable("tfjs-wasm", "simd-width")).toBe("ALEXNET_TFJS_WASM_SIMD_WIDTH");
    const environment = environmentFor(parseBackendSpecification("cpu@kernel=simd128"), { PATH: "/bin", ALEXNET_CPU_KERNEL: "fma" });
    expect(environment).toEqual({ PATH: "/bin", ALEXNET_CPU_KERNEL: "simd128" });
  });
});

describe("Node binaries (--node)", () => {
  it("resolves self to this process's Node and labels rows with the version", () => {
    const [self] = resolveNodeRuntimes(["self"]);
    expect(self).toEqual({ path: process.execPath, version: process.version });
    expect(labelUnderNode("cpu@threads=1", self)).toBe(`cpu@threads=1/node-${process.version}`);
  });

  it("asks a given binary its version", () => {
    // This process's own binary, named by path: the same version as self.
    expect(resolveNodeRuntimes([process.execPath])[0].version).toBe(process.version);
  });

  it("refuses a path that is not a Node binary, and the same version twice, with one line", () => {
    for (const entries of [["/nonexistent/node"], ["/bin/true"], ["self", process.execPath]]) {
      const error = (() => {
        try {
          resolveNodeRuntimes(entries);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BenchUsageError);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
