import { describe, expect, it } from "vitest";
import type { OfferedBackend } from "./browser-page.js";
import { chooseBrowserBackends } from "./browser-targets.js";
import { BenchUsageError } from "./errors.js";
import { parseBackendSpecification } from "./targets.js";

const offered: OfferedBackend[] = [
  { name: "cpu", available: true },
  { name: "tfjs-wasm", available: true },
  { name: "tfjs-webgpu", available: false, reason: "navigator.gpu is missing" },
  { name: "gpujs-webgl", available: true },
];
const browser = "Chromium 156.0.8078.114";

describe("browser:NAME entries", () => {
  it("parse to the backend's name, labelled as written", () => {
    expect(parseBackendSpecification("browser:tfjs-wasm")).toEqual({ label: "browser:tfjs-wasm", backend: "tfjs-wasm", options: [], browser: true });
    expect(() => parseBackendSpecification("browser:cpu@threads=1")).toThrow(/options after @ are for Node backends only/);
    expect(() => parseBackendSpecification("browser:")).toThrow(BenchUsageError);
  });

  it("keep the named ones, in order, and with --browser add every other available one", () => {
    const named = ["browser:gpujs-webgl", "browser:cpu"].map(parseBackendSpecification);
    expect(chooseBrowserBackends({ specifications: named, all: false }, offered, browser).map((chosen) => chosen.label)).toEqual(["browser:gpujs-webgl", "browser:cpu"]);
    expect(chooseBrowserBackends({ specifications: named, all: true }, offered, browser).map((chosen) => chosen.label)).toEqual(["browser:gpujs-webgl", "browser:cpu", "browser:tfjs-wasm"]);
  });

  it("refuse an unknown or unavailable one in one line, naming the browser", () => {
    expect(() => chooseBrowserBackends({ specifications: [parseBackendSpecification("browser:cuda")], all: false }, offered, browser)).toThrow(
      'unknown browser backend "browser:cuda"; Chromium 156.0.8078.114 offers: browser:cpu, browser:tfjs-wasm, browser:tfjs-webgpu, browser:gpujs-webgl',
    );
    expect(() => chooseBrowserBackends({ specifications: [parseBackendSpecification("browser:tfjs-webgpu")], all: false }, offered, browser)).toThrow(
      "browser:tfjs-webgpu is not available in Chromium 156.0.8078.114: navigator.gpu is missing",
    );
    expect(() => chooseBrowserBackends({ specifications: [], all: true }, [{ name: "cpu", available: false, reason: "no wasm" }], browser)).toThrow(/offers no available backend: cpu \(no wasm\)/);
  });
});
