import { broadcastShape, type BinaryOp, type Shape, type Tensor } from "@alexnet-ts/engine";
import { formatShape, stridesOf } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

const functions: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  power: (a, b) => Math.pow(a, b),
  equal: (a, b) => (a === b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
};

/** Strides of `shape` read as `outputShape` after broadcasting: 0 along stretched axes. */
function broadcastStrides(shape: Shape, outputShape: Shape): number[] {
  const own = stridesOf(shape);
  const offset = outputShape.length - shape.length;
  return outputShape.map((_, axis) => (axis < offset || shape[axis - offset] === 1 ? 0 : own[axis - offset]));
}

/** Elementwise function of two tensors with NumPy broadcasting. */
export function binary(store: TensorStore, op: BinaryOp, a: Tensor, b: Tensor): CpuTensor {
  const first = store.read("binary", a, "a");
  const second = store.read("binary", b, "b");
  const apply = Object.hasOwn(functions, op) ? functions[op] : undefined;
  if (apply === undefined) throw new Error(`binary: unknown function ${JSON.stringify(op)} (known: ${Object.keys(functions).join(", ")})`);
  const outputShape = broadcastShape(first.shape, second.shape);
  const output = store.createUninitialized(outputShape);
  const left = first.values;
  const right = second.values;
  const result = output.values;
  const count = result.length;
  if (count === 0) return output;
  if (left.length === count && right.length === count) {
    for (let i = 0; i < count; i++) result[i] = apply(left[i], right[i]);
    return output;
  }
  if (right.length === 1) {
    const scalar = right[0];
    for (let i = 0; i < count; i++) result[i] = apply(left[i], scalar);
    return output;
  }
  if (left.length === 1) {
    const scalar = left[0];
    for (let i = 0; i < count; i++) result[i] = apply(scalar, right[i]);
    return output;
  }
  // General case: walk the output row by row (last axis innermost) with an odometer over the rest.
  const rank = outputShape.length;
  const leftStrides = broadcastStrides(first.shape, outputShape);
  const rightStrides = broadcastStrides(second.shape, outputShape);
  const rowLength = outputShape[rank - 1];
  const leftStep = leftStrides[rank - 1];
  const rightStep = rightStrides[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let leftBase = 0;
  let rightBase = 0;
  for (let start = 0; start < count; start += rowLength) {
    for (let j = 0; j < rowLength; j++) result[start + j] = apply(left[leftBase + j * leftStep], right[rightBase + j * rightStep]);
    for (let axis = rank - 2; axis >= 0; axis--) {
      counter[axis] += 1;
      leftBase += leftStrides[axis];
      rightBase += rightStrides[axis];
      if (counter[axis] < outputShape[axis]) break;
      leftBase -= leftStrides[axis] * outputShape[axis];
      rightBase -= rightStrides[axis] * outputShape[axis];
      counter[axis] = 0;
    }
  }
  return output;
}
