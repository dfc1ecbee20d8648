/**
 * The shared conformance suite on every gpu.js mode that runs here; a mode that does not run is
 * skipped with its reason in the test name and printed (e.g. gpujs-webgl without an X display:
 * CI runs the tests under `xvfb-run -a`).
 *
 * Sizes "small": everything is software-rendered here (Mesa llvmpipe, SwiftShader).
 *
 * Tolerance: the suite's default, |got − expected| ≤ 2e-5·max(1, max|expected|) + 1e-4·|expected|.
 * Measured on this machine (ops.test.ts), the gpu.js kernels stay far inside it: at most 8e-7 of
 * the largest value on K = 512 float32 dot products (1.1e-4 absolute on results ~137), 5e-7 on an
 * 11×11×3 convolution, and exactly the same bits in all three modes, since each kernel sums in
 * one fixed order.
 */
import { runConformance } from "@alexnet-ts/conformance";
import { describe, it } from "vitest";
import { modeStatuses, modeTitle } from "./test-modes.js";

for (const status of await modeStatuses()) {
  if (status.skipReason === undefined) {
    runConformance(() => status.provider.create(), { name: status.name, sizes: "small" });
  } else {
    describe(`conformance (${modeTitle(status)})`, () => {
      it.skip(`${status.name} — skipped: ${status.skipReason}`, () => undefined);
    });
  }
}
