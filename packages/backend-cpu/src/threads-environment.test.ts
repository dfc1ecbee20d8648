import { afterEach, describe, expect, it } from "vitest";
import { createCpuBackend, threadsVariable } from "./backend.js";
import { closeGemm, configureGemm, gemmInfo } from "./gemm/index.js";

describe("ALEXNET_CPU_THREADS", () => {
  const before = process.env[threadsVariable];
  afterEach(async () => {
    if (before === undefined) delete process.env[threadsVariable];
    else process.env[threadsVariable] = before;
    configureGemm({ threads: 2 });
    await closeGemm();
  });

  it("sets the matrix multiply's threads when a backend is made", () => {
    configureGemm({ threads: 2 });
    process.env[threadsVariable] = "1";
    createCpuBackend();
    expect(gemmInfo()).toMatch(/, 1 thread$|^TypeScript/);
  });

  it.skipIf(typeof SharedArrayBuffer !== "function")("2 threads where memory is shared (needs SharedArrayBuffer)", () => {
    configureGemm({ threads: 1 });
    process.env[threadsVariable] = " 2 ";
    createCpuBackend();
    expect(gemmInfo()).toMatch(/, 2 threads$/);
  });

  it("unset or empty leaves the setting alone", () => {
    configureGemm({ threads: 1 });
    process.env[threadsVariable] = "";
    createCpuBackend();
    delete process.env[threadsVariable];
    createCpuBackend();
    expect(gemmInfo()).toMatch(/, 1 thread$|^TypeScript/);
  });

  it.each(["0", "-1", "1.5", "two"])("refuses %j in one line that names the variable", (text) => {
    process.env[threadsVariable] = text;
    expect(() => createCpuBackend()).toThrow(new RegExp(`^${threadsVariable}="${text.replace(".", "\\.")}" is not a thread count: set it to a positive integer`));
  });
});
