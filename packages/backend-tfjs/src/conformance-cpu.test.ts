import { runConformance } from "@alexnet-ts/conformance";
import { engineUnderTest } from "./test-availability.js";

// The shared suite at its default (float32) tolerance: tfjs-cpu computes in float32 like every backend.
const { provider } = await engineUnderTest("tfjs-cpu");
runConformance(() => provider.create(), { name: "tfjs-cpu" });
