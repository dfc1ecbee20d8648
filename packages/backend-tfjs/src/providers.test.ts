import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { tfjsBackendProviders } from "./index.js";

const names = tfjsBackendProviders.map((provider) => provider.name);

describe("the tfjs providers", () => {
  it("offer one --backend name per engine, ranked, in a package.json marked as a backend package", async () => {
    const manifest = createRequire(import.meta.url)("../package.json") as { "alexnet-ts": { backendPackage: boolean } };
    expect(manifest["alexnet-ts"].backendPackage).toBe(true);
    expect([...names].sort()).toEqual(["tfjs-cpu", "tfjs-node", "tfjs-wasm", "tfjs-webgl", "tfjs-webgpu"]);
    for (const provider of tfjsBackendProviders) expect(provider.rank, provider.name).toBeTypeOf("number");
  });

  it("say why tfjs-node is unavailable when it is not installed, and how to enable it", async () => {
    let installed = true;
    try {
      createRequire(import.meta.url).resolve("@tensorflow/tfjs-node/package.json");
    } catch {
      installed = false;
    }
    const status = await tfjsBackendProviders.find((provider) => provider.name === "tfjs-node")!.availability();
    if (installed) {
      console.log(`tfjs-node is installed here: availability ${JSON.stringify(status)}`);
    } else {
      expect(status).toMatchObject({ available: false, reason: expect.stringMatching(/not installed/) });
      if (!status.available) expect(status.howToEnable).toMatch(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
    }
  });

  it("refuse to create an unavailable engine with its reason", async () => {
    for (const provider of tfjsBackendProviders) {
      const status = await provider.availability();
      if (!status.available) await expect(provider.create()).rejects.toThrow(status.reason);
    }
  });

  it("report wasm's real thread count and SIMD, and hand tfjs's single engine to the newest backend", async () => {
    const cpu = await tfjsBackendProviders.find((provider) => provider.name === "tfjs-cpu")!.create();
    const kept = cpu.upload(Float32Array.from([1, 2]), [2]);
    expect(tf.getBackend()).toBe("cpu");
    const wasm = await tfjsBackendProviders.find((provider) => provider.name === "tfjs-wasm")!.create();
    expect(tf.getBackend()).toBe("wasm");
    const wasmModule = await import("@tensorflow/tfjs-backend-wasm");
    const threads = wasmModule.getThreadsCount();
    expect(wasm.describe()).toBe(`tfjs 4.22.0 wasm (XNNPACK), SIMD, ${threads} thread${threads === 1 ? "" : "s"}`);
    // The cpu backend no longer runs: its ops say so instead of silently running on wasm.
    expect(() => cpu.unary("negate", kept)).toThrow(/only one tfjs engine can be active per process/);
    const x = wasm.upload(Float32Array.from([1, -2]), [2]);
    const y = wasm.unary("relu", x);
    expect([...(await wasm.download(y))]).toEqual([1, 0]);
    for (const tensor of [x, y]) wasm.dispose(tensor);
    await wasm.close?.();
  });
});
