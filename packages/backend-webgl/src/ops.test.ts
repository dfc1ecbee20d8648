/**
 * Every op of the gpu.js backend against the float64 reference, in every mode that runs here, on
 * the cases in test-cases.ts (small sizes: everything is software-rendered on CI).
 *
 * Tolerance: |gpu − reference| ≤ 1e-4 + 1e-5·|reference|. The kernels accumulate in float32 in the
 * reference's order; a sum of K products of magnitude ≤ 1 can be off by up to K·2⁻²⁴ (3e-5 for
 * K = 512) and typically by far less. Measured worst cases on this machine (Mesa llvmpipe,
 * SwiftShader, WebAssembly all agree): 1.1e-4 absolute on K = 512 dot products of inputs in [0, 1)
 * whose results are ~130 (9e-7 relative), 7.6e-6 on an 11×11×3 convolution with results ~15,
 * ≤ 1e-6 elsewhere; exp, log, tanh and pow within 5e-7.
 */
import { withDefaults, type Backend, type Shape, type Tensor } from "@alexnet-ts/engine";
import { createReferenceBackend } from "@alexnet-ts/conformance/reference";
import { afterAll, describe, expect, it } from "vitest";
import { opCases, seededValues } from "./test-cases.js";
import { modeStatuses, modeTitle } from "./test-modes.js";

const absoluteTolerance = 1e-4;
const relativeTolerance = 1e-5;

const statuses = await modeStatuses();
const reference = withDefaults(createReferenceBackend({ withOverrides: true })) as Backend;

/** Runs a case on a backend with seeded inputs; returns its values and disposes everything it made. */
async function runCase(backend: Backend, index: number): Promise<Float32Array> {
  let seed = index * 100;
  const made: Tensor[] = [];
  const keep = (tensor: Tensor): Tensor => {
    made.push(tensor);
    return tensor;
  };
  const input = (shape: Shape, low?: number, high?: number): Tensor => keep(backend.upload(seededValues(seed++, shape.reduce((product, dimension) => product * dimension, 1), low, high), shape));
  const output = opCases[index].run(backend, input, keep);
  const values = await backend.download(output);
  backend.dispose(output);
  for (const tensor of made) backend.dispose(tensor);
  return values;
}

for (const status of statuses) {
  describe.skipIf(status.skipReason !== undefined)(modeTitle(status), () => {
    let backend: Backend;
    const worst: string[] = [];
    afterAll(async () => {
      if (worst.length > 0) console.log(`${backend.describe()}: largest errors\n${worst.join("\n")}`);
      await backend?.close?.();
    });

    it("starts, and describe() names the kernel class that really ran", async () => {
      backend = await status.provider.create();
      const expected = { webgl: "HeadlessGLKernel", webgpu: "WebGPUKernel", wasm: "WebAssemblyKernel" }[status.mode];
      expect(backend.describe()).toContain(expected);
      expect(backend.describe()).not.toContain("fell back");
      expect(backend.name).toBe(status.name);
    });

    it.each(opCases.map((opCase, index) => [opCase.name, index] as const))("%s matches the float64 reference", async (_, index) => {
      const expected = await runCase(reference, index);
      const actual = await runCase(backend, index);
      expect(actual.length).toBe(expected.length);
      let largest = 0;
      for (let element = 0; element < expected.length; element += 1) {
        const error = Math.abs(actual[element] - expected[element]);
        largest = Math.max(largest, error);
        if (!(error <= absoluteTolerance + relativeTolerance * Math.abs(expected[element]))) {
          expect.fail(`element ${element}: ${actual[element]} vs reference ${expected[element]} (error ${error.toExponential(2)})`);
        }
      }
      if (largest > 1e-6) worst.push(`  ${opCases[index].name}: ${largest.toExponential(2)}`);
    });

    it("leaves no tensor alive after the cases", () => {
      expect(backend.liveTensorCount()).toBe(0);
    });

    it("a disposed tensor cannot be used again", () => {
      const tensor = backend.upload(new Float32Array([1, 2]), [2]);
      backend.dispose(tensor);
      expect(() => backend.unary("negate", tensor)).toThrow(/disposed/);
      expect(() => backend.dispose(tensor)).toThrow(/disposed/);
    });

    it("shape errors name the op", () => {
      const a = backend.upload(new Float32Array(6), [2, 3]);
      expect(() => backend.matmul(a, a, { transposeA: false, transposeB: false })).toThrow(/matmul/);
      expect(() => backend.reshape(a, [4])).toThrow(/reshape/);
      backend.dispose(a);
    });
  });
}
