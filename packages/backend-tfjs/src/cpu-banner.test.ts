import { afterEach, describe, expect, it, vi } from "vitest";
import { tfjsBackendProviders } from "./index.js";

afterEach(() => vi.restoreAllMocks());

describe("tfjs-cpu in Node", () => {
  it("does not print TensorFlow.js's 'Hi, looks like you are running TensorFlow.js in Node.js' banner", async () => {
    const warnings: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((...parts: unknown[]) => void warnings.push(parts.join(" ")));
    const backend = await tfjsBackendProviders.find((candidate) => candidate.name === "tfjs-cpu")!.create();
    const tensor = backend.upload(Float32Array.from([1, 2, 3]), [3]);
    expect(Array.from(await backend.download(tensor))).toEqual([1, 2, 3]);
    backend.dispose(tensor);
    await backend.close?.();
    expect(warnings.filter((text) => /looks like you are running TensorFlow\.js in Node\.js/.test(text))).toEqual([]);
  });
});
