import type { ConformanceCase } from "../case.js";
import type { Tolerance } from "../options.js";
import { CaseData } from "../data.js";
import { activationOpTypes } from "@alexnet-ts/ir";
import { referenceActivations, referenceTensor, type ReferenceTensor } from "../reference/index.js";
import { alexnetConvGeometries, alexnetPoolGeometries, describeConv, describePool, randomConvGeometry, randomPoolGeometry, type SizeProfile } from "./geometry.js";
import { lrnSettings } from "./override-forward.js";
import {
  activationSpec,
  adaptiveAvgPool2dSpec,
  avgPool2dSpec,
  batchNorm2dSpec,
  conv2dSpec,
  crossEntropySpec,
  localResponseNormSpec,
  maxPool2dSpec,
  softmaxSpec,
  specTitle,
  type GradientSpec,
} from "./gradient-specs.js";

/**
 * Finite differences in float64 on the reference: h = 1e-5 leaves a truncation error of about
 * h²·|f'''| ≈ 1e-10 and a rounding error of about 2⁻⁵³·|L|/h ≈ 1e-10, so a correct backward agrees
 * to well within 1e-6 + 1e-5·|gradient|.
 */
export const referenceFiniteDifference = { step: 1e-5, tolerance: { absolute: 1e-6, relative: 1e-5 } as Tolerance };

/**
 * Finite differences through the backend in float32: h = 1e-2 on inputs of size ~1. Each forward
 * is off by ~2⁻²⁴ relative, which divided by 2h gives ~1e-5 per output summed (~1e-4 over a few
 * hundred outputs); the truncation error h²·|f'''|/6 is ~2e-5 for these smooth ops. Allowed:
 * 5e-3 + 2e-2·|gradient| — a wrong term or index is off by O(1).
 */
export const backendFiniteDifference = { step: 1e-2, samples: 8, tolerance: { absolute: 5e-3, relative: 2e-2 } as Tolerance };

/** Specs at the size of the randomized cases, for comparing a backend's backward with the reference's. */
function comparisonSpecs(profile: SizeProfile): { id: string; spec: GradientSpec }[] {
  const specs: { id: string; spec: GradientSpec }[] = [];
  const seeds = Array.from({ length: profile.seeds }, (_, index) => index + 1);
  const convs = [
    ...seeds.map((seed) => {
      const data = new CaseData(2000 + seed);
      return { id: `seed-${seed}`, data, geometry: randomConvGeometry(seed, data, profile) };
    }),
    ...alexnetConvGeometries(profile).map(({ geometry }, index) => ({ id: `alexnet-${index + 1}`, data: new CaseData(2050 + index), geometry })),
  ];
  for (const { id, data, geometry } of convs) {
    const x = data.uniform(geometry.inputShape);
    const filter = data.uniform(geometry.filterShape);
    specs.push({ id, spec: conv2dSpec(x, filter, geometry.options, 0, describeConv(geometry)) });
    specs.push({ id, spec: conv2dSpec(x, filter, geometry.options, 1, describeConv(geometry)) });
  }
  const pools = [
    ...seeds.map((seed) => ({ id: `seed-${seed}`, data: new CaseData(2100 + seed), seed })),
    ...alexnetPoolGeometries().map((_, index) => ({ id: `alexnet-${index + 1}`, data: new CaseData(2150 + index), seed: -1 - index })),
  ];
  for (const { id, data, seed } of pools) {
    const geometry = seed > 0 ? randomPoolGeometry(seed, data, profile) : alexnetPoolGeometries()[-1 - seed].geometry;
    const x = data.uniform(geometry.inputShape);
    specs.push({ id, spec: maxPool2dSpec(x, geometry.options, describePool(geometry)) });
    specs.push({ id, spec: avgPool2dSpec(x, geometry.options, describePool(geometry, true)) });
  }
  {
    // Ties everywhere: the gradient must go to the first maximum in row-major window order.
    const data = new CaseData(2190);
    const geometry = alexnetPoolGeometries()[0].geometry;
    const x = data.levels(geometry.inputShape, 2);
    specs.push({ id: "ties", spec: maxPool2dSpec(x, geometry.options, `${describePool(geometry)}, values in {0, 1} (ties)`) });
  }
  const adaptive: [number[], [number, number]][] = [
    [[2, 3, 13, 13], [6, 6]],
    [[1, 2, 5, 7], [3, 2]],
    [[2, 1, 3, 2], [5, 3]],
  ];
  adaptive.forEach(([shape, outputSize], index) => specs.push({ id: `${index + 1}`, spec: adaptiveAvgPool2dSpec(new CaseData(2200 + index).uniform(shape), outputSize) }));
  for (const seed of seeds.slice(0, 4)) {
    const data = new CaseData(2300 + seed);
    const options = lrnSettings(seed, data);
    specs.push({ id: `seed-${seed}`, spec: localResponseNormSpec(data.uniform([1 + (seed % 2), data.integer(1, 9), data.integer(1, 4), data.integer(1, 4)], -2, 2), options) });
  }
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(2400 + seed);
    const shape = [data.integer(2, 3), data.integer(1, 5), data.integer(1, 5), data.integer(1, 5)];
    const x = data.uniform(shape, -2, 3);
    const weight = data.uniform([shape[1]]);
    const bias = data.uniform([shape[1]]);
    for (const which of [0, 1, 2] as const) specs.push({ id: `seed-${seed}`, spec: batchNorm2dSpec(x, weight, bias, [1e-5, 1e-3, 0.1][seed % 3], which) });
  }
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(2500 + seed);
    const shape = [data.integer(1, 4), data.integer(1, 12)];
    specs.push({ id: `seed-${seed}`, spec: softmaxSpec(data.uniform(shape, -4, 4), false) });
    specs.push({ id: `seed-${seed}`, spec: softmaxSpec(data.uniform(shape, -4, 4), true) });
    const labels = Int32Array.from({ length: shape[0] }, () => data.integer(0, shape[1] - 1));
    specs.push({ id: `seed-${seed}`, spec: crossEntropySpec(data.uniform(shape, -4, 4), labels) });
    for (const op of activationOpTypes) specs.push({ id: `seed-${seed}`, spec: activationSpec(data.uniform([...shape, 3], -2, 2), op) });
  }
  return specs;
}

/** Small specs for finite differences; `forBackend` keeps float32 inputs away from kinks and ties. */
function finiteDifferenceSpecs(forBackend: boolean): { id: string; spec: GradientSpec }[] {
  const data = new CaseData(forBackend ? 3000 : 3100);
  const conv1 = { stride: [2, 1], padding: [1, 0, 2, 1], dilation: [1, 2], groups: 3 } as const;
  const conv2 = { stride: [1, 2], padding: [0, 2, 1, 0], dilation: [2, 1], groups: 1 } as const;
  const x1 = data.uniform([2, 3, 6, 7]);
  const filter1 = data.uniform([6, 1, 3, 2]);
  const x2 = data.uniform([1, 2, 5, 5]);
  const filter2 = data.uniform([3, 2, 2, 3]);
  const pool = { kernel: [3, 2], stride: [2, 2], padding: [1, 0, 1, 1], dilation: [1, 1], ceilMode: true, countIncludePad: true } as const;
  const poolDilated = { kernel: [2, 2], stride: [1, 3], padding: [0, 1, 0, 0], dilation: [2, 1], ceilMode: false, countIncludePad: false } as const;
  const poolInput = (shape: number[]): ReferenceTensor => (forBackend ? data.distinct(shape, 0.05) : data.uniform(shape));
  const bnShape = [3, 2, 3, 2];
  const logits = data.uniform([3, 5], -3, 3);
  const specs: GradientSpec[] = [
    conv2dSpec(x1, filter1, conv1, 0, "groups 3, dilation, asymmetric padding"),
    conv2dSpec(x1, filter1, conv1, 1, "groups 3, dilation, asymmetric padding"),
    conv2dSpec(x2, filter2, conv2, 0, "stride 2, dilation 2"),
    conv2dSpec(x2, filter2, conv2, 1, "stride 2, dilation 2"),
    maxPool2dSpec(poolInput([2, 2, 5, 5]), pool, "ceil mode, padding"),
    maxPool2dSpec(poolInput([1, 2, 6, 7]), poolDilated, "dilation, stride > kernel"),
    avgPool2dSpec(data.uniform([2, 2, 5, 5]), pool, "ceil mode, countIncludePad"),
    avgPool2dSpec(data.uniform([1, 2, 6, 7]), poolDilated, "dilation, real cells only"),
    adaptiveAvgPool2dSpec(data.uniform([1, 2, 5, 7]), [3, 2]),
    localResponseNormSpec(data.uniform([2, 6, 2, 2], -2, 2), { size: 4, alpha: 0.2, beta: 0.75, k: 2 }),
    localResponseNormSpec(data.uniform([1, 7, 2, 1], -2, 2), { size: 5, alpha: 0.3, beta: 0.5, k: 1 }),
    batchNorm2dSpec(data.uniform(bnShape, -2, 3), data.uniform([2]), data.uniform([2]), 1e-3, 0),
    batchNorm2dSpec(data.uniform(bnShape, -2, 3), data.uniform([2]), data.uniform([2]), 1e-3, 1),
    batchNorm2dSpec(data.uniform(bnShape, -2, 3), data.uniform([2]), data.uniform([2]), 1e-3, 2),
    softmaxSpec(data.uniform([3, 5], -3, 3), false),
    softmaxSpec(data.uniform([3, 5], -3, 3), true),
    crossEntropySpec(logits, Int32Array.from([4, 0, 2])),
    // Inputs away from an activation's kinks (ReLU's 0), where a float32 finite difference straddles the jump.
    ...activationOpTypes.map((op) => activationSpec(referenceActivations[op].kinks.length > 0 ? (forBackend ? data.awayFromZero([3, 4], 0.05, 1) : data.uniform([3, 4])) : data.uniform([3, 4], -2, 2), op)),
  ];
  const counts = new Map<string, number>();
  return specs.map((spec) => {
    const count = (counts.get(spec.name) ?? 0) + 1;
    counts.set(spec.name, count);
    return { id: `${count}`, spec };
  });
}

/** Σ dy ⊙ y in float64. */
function weightedSum(y: ArrayLike<number>, dy: ReferenceTensor): number {
  let sum = 0;
  for (let index = 0; index < y.length; index++) sum += y[index] * dy.data[index];
  return sum;
}

/** A random dy for an output (1 for a scalar loss). */
function outputGradient(spec: GradientSpec, shape: number[], data: CaseData): ReferenceTensor {
  return spec.unitDy ? referenceTensor(shape, [1]) : data.uniform(shape);
}

/** A copy of the inputs with one element of input `wrt` moved by `delta` (float32-rounded when asked). */
function nudged(inputs: readonly ReferenceTensor[], wrt: number, index: number, delta: number, float32: boolean): ReferenceTensor[] {
  return inputs.map((input, which) => {
    if (which !== wrt) return input;
    const copy = referenceTensor(input.shape, input.data);
    copy.data[index] = float32 ? Math.fround(copy.data[index] + delta) : copy.data[index] + delta;
    return copy;
  });
}

/** One line naming the worst gradient element outside tolerance, or undefined. */
function gradientMismatch(label: string, indices: number[], numeric: number[], analytic: ReferenceTensor, tolerance: Tolerance): string | undefined {
  let worst = -1;
  let worstExcess = 1;
  indices.forEach((index, position) => {
    const excess = Math.abs(numeric[position] - analytic.data[index]) / (tolerance.absolute + tolerance.relative * Math.abs(analytic.data[index]));
    if (!(excess <= worstExcess)) {
      worstExcess = excess;
      worst = position;
    }
  });
  if (worst < 0) return undefined;
  const index = indices[worst];
  return `${label}: element ${index} of [${analytic.shape}]: finite difference ${numeric[worst]}, backward ${analytic.data[index]} (tolerance absolute ${tolerance.absolute}, relative ${tolerance.relative})`;
}

/** The three gradient groups: backend backward vs reference backward, float64 finite differences on the reference, float32 finite differences through the backend. */
export function gradientCases(profile: SizeProfile): { backward: ConformanceCase[]; reference: ConformanceCase[]; backend: ConformanceCase[] } {
  const backward = comparisonSpecs(profile).map(({ id, spec }, position): ConformanceCase => ({
    id: `backward/${spec.name}/${id}`,
    title: specTitle(spec),
    run: async (context) => {
      const data = new CaseData(4000 + position);
      const expectedY = spec.referenceForward(spec.inputs);
      const dy = outputGradient(spec, expectedY.shape, data);
      const inputs = spec.inputs.map((input) => context.upload(input));
      const y = spec.backendForward(context.backend, inputs, (tensor) => context.keep(tensor));
      const gradient = spec.backendBackward(context.backend, inputs, y, context.upload(dy), (tensor) => context.keep(tensor));
      await context.expectClose(`${spec.name} gradient`, gradient, spec.referenceBackward(spec.inputs, expectedY, dy));
    },
  }));

  const reference = finiteDifferenceSpecs(false).map(({ id, spec }): ConformanceCase => ({
    id: `gradient-reference/${spec.name}/${id}`,
    title: `${specTitle(spec)} (float64, h ${referenceFiniteDifference.step}, every element)`,
    run: async () => {
      const data = new CaseData(5000);
      const y = spec.referenceForward(spec.inputs);
      const dy = outputGradient(spec, y.shape, data);
      const analytic = spec.referenceBackward(spec.inputs, y, dy);
      const step = referenceFiniteDifference.step;
      const indices = Array.from({ length: spec.inputs[spec.wrt].data.length }, (_, index) => index);
      const numeric = indices.map((index) => {
        const plus = weightedSum(spec.referenceForward(nudged(spec.inputs, spec.wrt, index, step, false)).data, dy);
        const minus = weightedSum(spec.referenceForward(nudged(spec.inputs, spec.wrt, index, -step, false)).data, dy);
        return (plus - minus) / (2 * step);
      });
      const failure = gradientMismatch(`reference ${spec.name} backward`, indices, numeric, analytic, referenceFiniteDifference.tolerance);
      if (failure !== undefined) throw new Error(failure);
    },
  }));

  const backend = finiteDifferenceSpecs(true).map(({ id, spec }): ConformanceCase => ({
    id: `gradient-backend/${spec.name}/${id}`,
    title: `${specTitle(spec)} (float32, h ${backendFiniteDifference.step}, ${backendFiniteDifference.samples} elements)`,
    run: async (context) => {
      const data = new CaseData(6000);
      const expectedY = spec.referenceForward(spec.inputs);
      const dy = outputGradient(spec, expectedY.shape, data);
      const inputs = spec.inputs.map((input) => context.upload(input));
      const y = spec.backendForward(context.backend, inputs, (tensor) => context.keep(tensor));
      const analytic = await context.read(spec.backendBackward(context.backend, inputs, y, context.upload(dy), (tensor) => context.keep(tensor)));
      const count = spec.inputs[spec.wrt].data.length;
      const indices = [...new Set(Array.from({ length: Math.min(count, backendFiniteDifference.samples) }, (_, sample) => (sample === 0 ? 0 : data.integer(0, count - 1))))];
      const loss = async (moved: ReferenceTensor[]): Promise<number> => {
        const output = spec.backendForward(context.backend, moved.map((input) => context.upload(input)), (tensor) => context.keep(tensor));
        return weightedSum(await context.backend.download(output), dy);
      };
      const numeric: number[] = [];
      for (const index of indices) {
        const plus = nudged(spec.inputs, spec.wrt, index, backendFiniteDifference.step, true);
        const minus = nudged(spec.inputs, spec.wrt, index, -backendFiniteDifference.step, true);
        // The float32-rounded step actually taken.
        const taken = plus[spec.wrt].data[index] - minus[spec.wrt].data[index];
        numeric.push(((await loss(plus)) - (await loss(minus))) / taken);
      }
      const failure = gradientMismatch(`${spec.name} backward through the backend`, indices, numeric, analytic, backendFiniteDifference.tolerance);
      if (failure !== undefined) throw new Error(failure);
    },
  }));
  return { backward, reference, backend };
}
