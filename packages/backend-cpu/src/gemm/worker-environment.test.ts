import { describe, expect, it } from "vitest";
import { expectMatchesReference, makeGemm } from "./test-gemm-cases.js";
import { WasmGemm } from "./wasm-gemm.js";
import { workerEnvironment, workersUnavailableReason } from "./worker-environment.js";

describe("gemm workers started asynchronously (the browsers' way, run here on worker_threads)", () => {
  it("finds Node's worker_threads here", () => {
    expect(workerEnvironment()?.kind).toBe("node");
    expect(workersUnavailableReason()).toBeUndefined();
  });

  it("prepareThreads starts the pool by returning to the event loop, and the workers alone compute a product right", async () => {
    const wasm = WasmGemm.create()!;
    try {
      expect(await wasm.prepareThreads(3)).toBe(3);
      // The pool is ready: the synchronous path reuses it rather than starting another.
      expect(wasm.availableThreads(3)).toBe(3);
      expectMatchesReference(makeGemm({ m: 37, n: 129, k: 53, accumulate: true }), (params) => wasm.multiply(params, 3, { workersOnly: true }));
    } finally {
      await wasm.close();
    }
  });
});
