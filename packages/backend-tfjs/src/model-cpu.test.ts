import { tfjsBackendProviders } from "./index.js";
import { describeModelChecks } from "./test-model-checks.js";

const provider = tfjsBackendProviders.find((candidate) => candidate.name === "tfjs-cpu")!;
describeModelChecks("tfjs-cpu", () => provider.create());
