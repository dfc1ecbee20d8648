import type { BinaryOp, ReduceOp, UnaryOp } from "@alexnet-ts/engine";
import * as reference from "../reference/index.js";
import type { ConformanceCase } from "../case.js";
import { CaseData } from "../data.js";
import { alexnetConvGeometries, alexnetPoolGeometries, describeConv, describePool, randomConvGeometry, randomPoolGeometry, type SizeProfile } from "./geometry.js";

const unaryOps: UnaryOp[] = ["negate", "abs", "exp", "log", "sqrt", "square", "reciprocal", "relu", "tanh", "step"];
const binaryOps: BinaryOp[] = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power", "equal", "greater"];
const reduceOps: ReduceOp[] = ["sum", "max", "mean"];

/** A random shape of `rank` axes, each 1 … axisLength. */
function randomShape(data: CaseData, rank: number, axisLength: number): number[] {
  return Array.from({ length: rank }, () => data.integer(1, axisLength));
}

/** Pairs of shapes that broadcast (NumPy rules), chosen by seed: same, scalar, trailing, ones on either side. */
function broadcastPair(seed: number, data: CaseData, axisLength: number): [number[], number[]] {
  const full = randomShape(data, data.integer(1, 4), axisLength);
  switch (seed % 6) {
    case 0:
      return [full, [...full]];
    case 1:
      return [full, []];
    case 2:
      return [full, full.slice(data.integer(1, full.length))];
    case 3:
      return [full.map((dimension) => (data.chance(0.5) ? 1 : dimension)), full];
    case 4:
      return [full.slice(data.integer(1, full.length)), full];
    default:
      return [[1, ...full.slice(1)], full.map((dimension, axis) => (axis === full.length - 1 ? 1 : dimension))];
  }
}

/** Operands suited to the op: positive bases for power, divisors away from 0, few levels (so ties occur) for comparisons. */
function binaryOperands(op: BinaryOp, data: CaseData, shapeA: number[], shapeB: number[]): { a: reference.ReferenceTensor; b: reference.ReferenceTensor } {
  switch (op) {
    case "power":
      return { a: data.uniform(shapeA, 0.2, 3), b: data.uniform(shapeB, -2, 2) };
    case "divide":
      return { a: data.uniform(shapeA), b: data.awayFromZero(shapeB, 0.25, 2) };
    case "equal":
    case "greater":
      return { a: data.levels(shapeA, 3), b: data.levels(shapeB, 3) };
    default:
      return { a: data.uniform(shapeA), b: data.uniform(shapeB) };
  }
}

/** Forward cases of the required core, compared with the float64 reference. */
export function coreForwardCases(profile: SizeProfile): ConformanceCase[] {
  const seeds = Array.from({ length: profile.seeds }, (_, index) => index + 1);
  return [
    ...unaryCases(seeds, profile),
    ...binaryCases(profile),
    ...reduceCases(seeds, profile),
    ...matmulCases(seeds, profile),
    ...conv2dCases(seeds, profile),
    ...maxPool2dCases(seeds, profile),
    ...reshapeCases(seeds, profile),
    ...transposeCases(seeds, profile),
    ...padCases(seeds, profile),
    ...sliceCases(seeds, profile),
    ...concatCases(seeds, profile),
  ];
}

/** Each unary function on random shapes of rank 0–4 (positive inputs where the function needs them). */
function unaryCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of unaryOps) {
    for (const seed of seeds.slice(0, 2)) {
      const data = new CaseData(seed);
      const shape = randomShape(data, data.integer(0, 4), profile.axisLength);
      // log, sqrt and reciprocal get positive inputs; exp stays in a range float32 represents well.
      const x = op === "log" || op === "sqrt" || op === "reciprocal" ? data.uniform(shape, 0.1, 4) : data.uniform(shape, -3, 3);
      cases.push({
        id: `forward/unary/${op}/seed-${seed}`,
        title: `x [${shape}]`,
        run: async (context) => context.expectClose(op, context.keep(context.backend.unary(op, context.upload(x))), reference.referenceUnary(op, x)),
      });
    }
  }
  return cases;
}

/** Each binary function over six broadcasting patterns. */
function binaryCases(profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of binaryOps) {
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const data = new CaseData(100 + seed);
      const [shapeA, shapeB] = broadcastPair(seed, data, profile.axisLength);
      const operands = binaryOperands(op, data, shapeA, shapeB);
      cases.push({
        id: `forward/binary/${op}/seed-${seed}`,
        title: `a [${shapeA}] b [${shapeB}]`,
        run: async (context) =>
          context.expectClose(op, context.keep(context.backend.binary(op, context.upload(operands.a), context.upload(operands.b))), reference.referenceBinary(op, operands.a, operands.b)),
      });
    }
  }
  return cases;
}

/** Sum, max and mean over random axes, with and without keepDimensions. */
function reduceCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of reduceOps) {
    for (const seed of seeds.slice(0, 4)) {
      const data = new CaseData(200 + seed);
      const shape = randomShape(data, data.integer(1, 4), profile.axisLength);
      const axes = shape.map((_, axis) => axis).filter(() => data.chance(0.5));
      const keepDimensions = seed % 2 === 0;
      const x = data.uniform(shape);
      cases.push({
        id: `forward/reduce/${op}/seed-${seed}`,
        title: `x [${shape}] axes [${axes}] keepDimensions ${keepDimensions}`,
        run: async (context) => context.expectClose(op, context.keep(context.backend.reduce(op, context.upload(x), { axes, keepDimensions })), reference.referenceReduce(op, x, axes, keepDimensions)),
      });
    }
  }
  return cases;
}

/** Matrix products in all four transpose combinations. */
function matmulCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 4)) {
    const data = new CaseData(300 + seed);
    const transposeA = seed % 2 === 1;
    const transposeB = Math.floor(seed / 2) % 2 === 1;
    const limit = profile.axisLength * 5;
    const [rows, inner, columns] = [data.integer(1, limit), data.integer(1, limit * 4), data.integer(1, limit)];
    const a = data.uniform(transposeA ? [inner, rows] : [rows, inner]);
    const b = data.uniform(transposeB ? [columns, inner] : [inner, columns]);
    cases.push({
      id: `forward/matmul/seed-${seed}`,
      title: `a [${a.shape}]${transposeA ? "ᵀ" : ""} b [${b.shape}]${transposeB ? "ᵀ" : ""}`,
      run: async (context) =>
        context.expectClose("matmul", context.keep(context.backend.matmul(context.upload(a), context.upload(b), { transposeA, transposeB })), reference.referenceMatmul(a, b, transposeA, transposeB)),
    });
  }
  return cases;
}

/** Convolutions: random geometries and AlexNet's own layers. */
function conv2dCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const convCases = [
    ...seeds.map((seed) => {
      const data = new CaseData(400 + seed);
      return { id: `seed-${seed}`, geometry: randomConvGeometry(seed, data, profile), data };
    }),
    ...alexnetConvGeometries(profile).map(({ name, geometry }, index) => ({ id: `alexnet-${index + 1}`, geometry: { ...geometry }, data: new CaseData(450 + index), name })),
  ];
  for (const { id, geometry, data } of convCases) {
    const x = data.uniform(geometry.inputShape);
    const filter = data.uniform(geometry.filterShape);
    cases.push({
      id: `forward/conv2d/${id}`,
      title: describeConv(geometry),
      run: async (context) => context.expectClose("conv2d", context.keep(context.backend.conv2d(context.upload(x), context.upload(filter), geometry.options)), reference.referenceConv2d(x, filter, geometry.options)),
    });
  }
  return cases;
}

/** Max pooling: random windows and AlexNet's own pooling layers. */
function maxPool2dCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const poolCases = [
    ...seeds.map((seed) => {
      const data = new CaseData(500 + seed);
      return { id: `seed-${seed}`, geometry: randomPoolGeometry(seed, data, profile), data };
    }),
    ...alexnetPoolGeometries().map(({ geometry }, index) => ({ id: `alexnet-${index + 1}`, geometry, data: new CaseData(550 + index) })),
  ];
  for (const { id, geometry, data } of poolCases) {
    const x = data.uniform(geometry.inputShape);
    cases.push({
      id: `forward/maxPool2d/${id}`,
      title: describePool(geometry),
      run: async (context) => context.expectClose("maxPool2d", context.keep(context.backend.maxPool2d(context.upload(x), geometry.options)), reference.referenceMaxPool2d(x, geometry.options)),
    });
  }
  return cases;
}

/** Reshapes to one axis, two and a leading 1. */
function reshapeCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(600 + seed);
    const shape = randomShape(data, data.integer(1, 4), profile.axisLength);
    const x = data.uniform(shape);
    const newShape = [reference.elementCount(shape)];
    if (seed % 2 === 0 && newShape[0] % 2 === 0) newShape.splice(0, 1, 2, newShape[0] / 2);
    if (seed === 3) newShape.unshift(1);
    cases.push({
      id: `forward/reshape/seed-${seed}`,
      title: `[${shape}] → [${newShape}]`,
      run: async (context) => context.expectClose("reshape", context.keep(context.backend.reshape(context.upload(x), newShape)), reference.referenceReshape(x, newShape)),
    });
  }
  return cases;
}

/** Random permutations of ranks 2–5. */
function transposeCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 4)) {
    const data = new CaseData(700 + seed);
    const rank = [2, 3, 4, 5][seed % 4];
    const shape = randomShape(data, rank, profile.axisLength);
    const permutation = shape.map((_, axis) => axis);
    for (let axis = rank - 1; axis > 0; axis--) {
      const other = data.integer(0, axis);
      [permutation[axis], permutation[other]] = [permutation[other], permutation[axis]];
    }
    const x = data.uniform(shape);
    cases.push({
      id: `forward/transpose/seed-${seed}`,
      title: `x [${shape}] permutation [${permutation}]`,
      run: async (context) => context.expectClose("transpose", context.keep(context.backend.transpose(context.upload(x), permutation)), reference.referenceTranspose(x, permutation)),
    });
  }
  return cases;
}

/** Constant padding before and after each axis. */
function padCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 3)) {
    const data = new CaseData(800 + seed);
    const shape = randomShape(data, data.integer(1, 4), profile.axisLength);
    const padding = shape.map(() => [data.integer(0, 2), data.integer(0, 2)] as [number, number]);
    const value = seed === 1 ? 0 : Math.fround(data.uniform([1]).data[0]);
    const x = data.uniform(shape);
    cases.push({
      id: `forward/pad/seed-${seed}`,
      title: `x [${shape}] padding ${JSON.stringify(padding)} value ${value}`,
      run: async (context) => context.expectClose("pad", context.keep(context.backend.pad(context.upload(x), padding, value)), reference.referencePad(x, padding, value)),
    });
  }
  return cases;
}

/** Strided slices with positive and negative steps, and one reversing every axis. */
function sliceCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 4)) {
    const data = new CaseData(900 + seed);
    const shape = randomShape(data, data.integer(1, 4), profile.axisLength + 2);
    const step = shape.map(() => data.pick([1, 2, -1, -2, 3]));
    const begin: number[] = [];
    const size: number[] = [];
    shape.forEach((length, axis) => {
      const start = data.integer(0, length - 1);
      // Elements reachable from start in the step's direction.
      const reachable = step[axis] > 0 ? Math.floor((length - 1 - start) / step[axis]) + 1 : Math.floor(start / -step[axis]) + 1;
      begin.push(start);
      size.push(data.integer(1, reachable));
    });
    const x = data.uniform(shape);
    cases.push({
      id: `forward/slice/seed-${seed}`,
      title: `x [${shape}] begin [${begin}] size [${size}] step [${step}]`,
      run: async (context) => context.expectClose("slice", context.keep(context.backend.slice(context.upload(x), { begin, size, step })), reference.referenceSlice(x, begin, size, step)),
    });
  }
  {
    const shape = [2, 3, 4];
    const x = new CaseData(950).uniform(shape);
    const begin = [1, 2, 3];
    const size = [2, 3, 4];
    const step = [-1, -1, -1];
    cases.push({
      id: "forward/slice/reverse-every-axis",
      title: `x [${shape}] begin [${begin}] step [${step}]`,
      run: async (context) => context.expectClose("slice", context.keep(context.backend.slice(context.upload(x), { begin, size, step })), reference.referenceSlice(x, begin, size, step)),
    });
  }
  return cases;
}

/** Concatenation of one to three parts along a random axis. */
function concatCases(seeds: number[], profile: SizeProfile): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const seed of seeds.slice(0, 4)) {
    const data = new CaseData(1000 + seed);
    const shape = randomShape(data, data.integer(1, 4), profile.axisLength);
    const axis = data.integer(0, shape.length - 1);
    const parts = Array.from({ length: data.integer(1, 3) }, () => {
      const partShape = [...shape];
      partShape[axis] = data.integer(1, profile.axisLength);
      return data.uniform(partShape);
    });
    cases.push({
      id: `forward/concat/seed-${seed}`,
      title: `${parts.map((part) => `[${part.shape}]`).join(" + ")} along axis ${axis}`,
      run: async (context) => context.expectClose("concat", context.keep(context.backend.concat(parts.map((part) => context.upload(part)), axis)), reference.referenceConcat(parts, axis)),
    });
  }
  return cases;
}
