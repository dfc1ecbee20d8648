import { tfjsBackendProviders } from "./index.js";
import { describeOpChecks } from "./test-op-checks.js";

// tfjs-wasm has no Conv2DBackpropFilter kernel: these checks exercise our swapped-roles filter gradient.
const provider = tfjsBackendProviders.find((candidate) => candidate.name === "tfjs-wasm")!;
describeOpChecks("tfjs-wasm", () => provider.create() as never);
