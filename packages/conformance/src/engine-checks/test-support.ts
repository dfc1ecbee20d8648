// Helpers for the defaults' tests (excluded from the build by its test-*.ts name): the defaults
// run on the conformance package's core-only reference backend and are compared with the same
// backend answering every op from its float64 reference loops.
import { createReferenceBackend, type ReferenceBackendTensor } from "../reference-backend.js";
import { expect } from "vitest";
import type { Backend, Shape } from "@alexnet-ts/engine";
import type { BatchNormTrainingResult, CrossEntropyResult } from "@alexnet-ts/engine";
import { createRandom } from "@alexnet-ts/engine";
import { withDefaults } from "@alexnet-ts/engine";

export type TestTensor = ReferenceBackendTensor;
export type TestBackend = Backend<TestTensor>;

/** Values and a shape on the host, uploaded to each backend under test. */
export interface HostTensor {
  readonly values: Float32Array;
  readonly shape: Shape;
}

/** The core-only reference backend completed by the defaults: what these tests check. */
export function createDefaultsBackend(): TestBackend {
  return withDefaults(createReferenceBackend());
}

/** The reference backend with every op from the float64 reference: the oracle. */
export function createOracleBackend(): TestBackend {
  return createReferenceBackend({ withOverrides: true }) as TestBackend;
}

/** Seeded standard-normal values times `scale`, plus `offset`. */
export function randomTensor(shape: Shape, seed: number, scale = 1, offset = 0): HostTensor {
  const random = createRandom(seed);
  const count = shape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index++) values[index] = offset + scale * random.normal();
  return { values, shape };
}

/** Seeded small whole numbers in [0, levels): many exact ties, for first-maximum rules. */
export function randomIntegerTensor(shape: Shape, seed: number, levels: number): HostTensor {
  const random = createRandom(seed);
  const count = shape.reduce((product, dimension) => product * dimension, 1);
  return { values: Float32Array.from({ length: count }, () => random.integer(levels)), shape };
}

type Outputs = TestTensor | Readonly<Record<string, TestTensor>> | BatchNormTrainingResult<TestTensor> | CrossEntropyResult<TestTensor>;

/** Runs an op on a backend, checks it leaves exactly its outputs alive, and downloads them. */
export async function runAndDownload(
  backend: TestBackend,
  inputs: readonly HostTensor[],
  run: (backend: TestBackend, tensors: TestTensor[]) => Outputs,
): Promise<Record<string, { shape: number[]; values: Float32Array }>> {
  const uploaded = inputs.map((input) => backend.upload(input.values, input.shape));
  const baseline = backend.liveTensorCount();
  const result = run(backend, uploaded);
  const outputs: Record<string, TestTensor> = isTensor(result) ? { output: result } : { ...result };
  expect(backend.liveTensorCount(), "tensors alive after the op: its inputs and outputs only").toBe(baseline + Object.keys(outputs).length);
  const downloaded: Record<string, { shape: number[]; values: Float32Array }> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    downloaded[name] = { shape: [...tensor.shape], values: await backend.download(tensor) };
    backend.dispose(tensor);
  }
  for (const tensor of uploaded) backend.dispose(tensor);
  return downloaded;
}

function isTensor(value: Outputs): value is TestTensor {
  return Array.isArray((value as TestTensor).shape);
}

/**
 * Runs the same op on the defaults and on the float64 oracle and compares every output.
 * Tolerance, relative to the output's largest magnitude (at least 1): the defaults chain up to
 * a few dozen ops, each rounding to float32 (6e-8 relative), so 1e-5 leaves ample room while a
 * wrong index or a missing term is off by far more.
 */
export async function expectMatchesReference(
  inputs: readonly HostTensor[],
  run: (backend: TestBackend, tensors: TestTensor[]) => Outputs,
  tolerance = 1e-5,
): Promise<void> {
  const actual = await runAndDownload(createDefaultsBackend(), inputs, run);
  const expected = await runAndDownload(createOracleBackend(), inputs, run);
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const name of Object.keys(expected)) {
    expect(actual[name].shape, `${name} shape`).toEqual(expected[name].shape);
    expectClose(actual[name].values, expected[name].values, tolerance, name);
  }
}

/** |actual − expected| ≤ tolerance · max(1, max |expected|) elementwise, reporting the worst index. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label = "values"): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let scale = 1;
  for (let index = 0; index < expected.length; index++) scale = Math.max(scale, Math.abs(expected[index]));
  let worst = -1;
  let worstError = 0;
  for (let index = 0; index < expected.length; index++) {
    const error = Math.abs(actual[index] - expected[index]);
    if (!(error <= worstError)) {
      worst = index;
      worstError = error;
    }
  }
  const message = worst < 0 ? label : `${label}[${worst}]: ${actual[worst]} vs ${expected[worst]}`;
  expect(worstError, message).toBeLessThanOrEqual(tolerance * scale);
}

/**
 * Central finite differences of L(x) = Σ forward(x) · weights at a few seeded positions of x,
 * compared with `gradient(dy = weights)`. Both run on the defaults backend in float32, so the
 * step is 1e-2 and the tolerance 1e-2 relative (plus 2e-3 absolute): float32 rounding of L is
 * ~1e-7·|L|, divided by the 2e-2 step, and the O(h²) truncation error stays below that.
 */
export async function expectGradientMatchesFiniteDifferences(
  x: HostTensor,
  forward: (backend: TestBackend, x: TestTensor) => TestTensor,
  gradient: (backend: TestBackend, x: TestTensor, dy: TestTensor) => TestTensor,
  seed: number,
  probes = 12,
): Promise<void> {
  const backend = createDefaultsBackend();
  const loss = async (values: Float32Array, weights: Float32Array | undefined): Promise<{ value: number; shape: Shape }> => {
    const input = backend.upload(values, x.shape);
    const output = forward(backend, input);
    const outputValues = await backend.download(output);
    const shape = output.shape;
    backend.dispose(output);
    backend.dispose(input);
    let value = 0;
    if (weights) for (let index = 0; index < outputValues.length; index++) value += outputValues[index] * weights[index];
    return { value, shape };
  };
  const { shape: outputShape } = await loss(x.values, undefined);
  const weights = randomTensor(outputShape, seed + 1).values;
  const input = backend.upload(x.values, x.shape);
  const dy = backend.upload(weights, outputShape);
  const analyticTensor = gradient(backend, input, dy);
  const analytic = await backend.download(analyticTensor);
  for (const tensor of [analyticTensor, dy, input]) backend.dispose(tensor);
  expect(backend.liveTensorCount()).toBe(0);

  const random = createRandom(seed + 2);
  const step = 1e-2;
  for (let probe = 0; probe < Math.min(probes, x.values.length); probe++) {
    const index = random.integer(x.values.length);
    const plus = Float32Array.from(x.values);
    const minus = Float32Array.from(x.values);
    plus[index] += step;
    minus[index] -= step;
    const difference = ((await loss(plus, weights)).value - (await loss(minus, weights)).value) / (2 * step);
    expect(Math.abs(difference - analytic[index]), `d/dx[${index}]: finite difference ${difference}, analytic ${analytic[index]}`).toBeLessThanOrEqual(
      1e-2 * Math.max(Math.abs(difference), Math.abs(analytic[index])) + 2e-3,
    );
  }
}
