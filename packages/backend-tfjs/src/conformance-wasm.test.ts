import { runConformance } from "@alexnet-ts/conformance";
import { engineUnderTest } from "./test-availability.js";

// The shared suite at its default (float32) tolerance: tfjs-wasm computes in float32 like every backend.
const { provider } = await engineUnderTest("tfjs-wasm");
runConformance(() => provider.create(), { name: "tfjs-wasm" });
