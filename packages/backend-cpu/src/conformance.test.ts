import { runConformance } from "@alexnet-ts/conformance";
import { createCpuBackend } from "./backend.js";

// The shared suite with its default tolerance (relative 1e-4, absolute 2e-5 of the largest value)
// and no skips of our own: the cpu backend implements every op of the contract.
runConformance(() => createCpuBackend(), { name: "cpu" });
