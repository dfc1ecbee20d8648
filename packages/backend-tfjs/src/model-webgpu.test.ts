import { engineUnderTest } from "./test-availability.js";
import { describeModelChecks } from "./test-model-checks.js";

// Needs system packages (see the provider's availability); skipped with the reason printed when they are absent.
const { provider, skipReason } = await engineUnderTest("tfjs-webgpu");
// Software rendering here (Mesa llvmpipe / SwiftShader): three training steps, ten minutes at most.
describeModelChecks("tfjs-webgpu", () => provider.create(), skipReason, { trainingSteps: 3, timeoutMilliseconds: 600_000 });
