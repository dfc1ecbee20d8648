import { engineUnderTest } from "./test-availability.js";
import { describeOpChecks } from "./test-op-checks.js";

// Needs system packages (see the provider's availability); skipped with the reason printed when they are absent.
const { provider, skipReason } = await engineUnderTest("tfjs-webgpu");
describeOpChecks("tfjs-webgpu", () => provider.create() as never, skipReason);
