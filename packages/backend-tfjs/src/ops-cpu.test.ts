import { tfjsBackendProviders } from "./index.js";
import { describeOpChecks } from "./test-op-checks.js";

const provider = tfjsBackendProviders.find((candidate) => candidate.name === "tfjs-cpu")!;
describeOpChecks("tfjs-cpu", () => provider.create() as never);
