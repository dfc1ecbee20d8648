import { broadcastShape, elementCount, stridesOf, type BinaryOp, type Shape } from "@alexnet-ts/engine";
import { ArrayTensor, nextIndex, requireShape } from "./tensor.js";

const functions: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  power: (a, b) => Math.pow(a, b),
  equal: (a, b) => (a === b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
};

/**
 * Each axis's step in an operand's values, for the output's axes: an axis the operand lacks or
 * has as 1 steps by 0, which repeats its single element along the broadcast axis.
 */
function broadcastStrides(shape: Shape, rank: number): number[] {
  const strides = stridesOf(shape);
  return Array.from({ length: rank }, (_, axis) => {
    const own = axis - (rank - shape.length);
    return own >= 0 && shape[own] !== 1 ? strides[own] : 0;
  });
}

/** Elementwise function of two tensors with NumPy broadcasting. Shapes: a: [...A], b: [...B] → broadcast(A, B) */
export function binary(op: BinaryOp, a: ArrayTensor, b: ArrayTensor): ArrayTensor {
  const apply = functions[op];
  requireShape("binary", apply !== undefined, `unknown op "${op}"`);
  const shape = broadcastShape(a.shape, b.shape, `binary ${op}`);
  const aStrides = broadcastStrides(a.shape, shape.length);
  const bStrides = broadcastStrides(b.shape, shape.length);
  const output = new Float32Array(elementCount(shape));
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < output.length; flat++) {
    let aOffset = 0;
    let bOffset = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      aOffset += index[axis] * aStrides[axis];
      bOffset += index[axis] * bStrides[axis];
    }
    output[flat] = apply(a.values[aOffset], b.values[bOffset]);
    nextIndex(index, shape);
  }
  return new ArrayTensor(shape, output);
}
