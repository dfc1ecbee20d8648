import { describe, expect, it } from "vitest";
import { describeAdapter } from "./adapter.js";
import { installNodeWebGpu } from "./index.js";

describe("node-webgpu", () => {
  it("describes an adapter by its distinct info words, or says there is none", () => {
    expect(describeAdapter({ info: { vendor: "google", architecture: "swiftshader", description: "google" } }, "Dawn")).toEqual({ available: true, adapter: "Dawn: google swiftshader" });
    expect(describeAdapter({}, "Dawn")).toEqual({ available: true, adapter: "Dawn" });
    const none = describeAdapter(null, "Dawn");
    expect(none.available).toBe(false);
  });

  it("installs navigator.gpu once per process, or says why not and how to enable it", async () => {
    const first = installNodeWebGpu();
    expect(installNodeWebGpu()).toBe(first);
    const status = await first;
    if (status.available) {
      expect(status.adapter).toMatch(/^Dawn/);
      expect(typeof (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBe("object");
    } else {
      console.log(`node-webgpu: no adapter here (${status.reason}); the unavailable path is what this run checks`);
      expect(status.reason.length).toBeGreaterThan(0);
      expect(status.howToEnable.length).toBeGreaterThan(0);
    }
  });
});
