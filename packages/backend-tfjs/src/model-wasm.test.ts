import { tfjsBackendProviders } from "./index.js";
import { describeModelChecks } from "./test-model-checks.js";

// Training here goes through our filter gradient: raw tfjs-wasm has no Conv2DBackpropFilter kernel.
const provider = tfjsBackendProviders.find((candidate) => candidate.name === "tfjs-wasm")!;
describeModelChecks("tfjs-wasm", () => provider.create());
