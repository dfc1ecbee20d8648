import { runConformance } from "@alexnet-ts/conformance";
import { describe, it } from "vitest";
import { engineUnderTest } from "./test-availability.js";

// A software GPU (Mesa llvmpipe / SwiftShader) is slow: the suite's small sizes. Without the system
// packages the engine cannot start here, and the block is skipped with the reason printed.
const { provider, skipReason } = await engineUnderTest("tfjs-webgl");
if (skipReason === undefined) {
  runConformance(() => provider.create(), { name: "tfjs-webgl", sizes: "small" });
} else {
  console.log(`skipped: conformance (tfjs-webgl): ${skipReason}`);
  describe.skip(`conformance (tfjs-webgl) — skipped: ${skipReason}`, () => {
    it("runs the shared suite", () => undefined);
  });
}
