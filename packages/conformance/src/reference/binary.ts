import { broadcastShape, type BinaryOp } from "@alexnet-ts/engine";
import { formatShape, referenceTensor, requireShape, stridesOf, type ReferenceTensor } from "./tensor.js";

const binaryFunctions: Record<BinaryOp, (a: number, b: number) => number> = {
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


/** Elementwise function of two tensors with NumPy broadcasting. */
export function referenceBinary(op: BinaryOp, a: ReferenceTensor, b: ReferenceTensor): ReferenceTensor {
  const apply = binaryFunctions[op];
  requireShape("binary", apply !== undefined, `unknown op "${op}"`);
  const shape = broadcastShape(a.shape, b.shape, `binary ${op}`);
  const output = referenceTensor(shape);
  const rank = shape.length;
  const aStrides = stridesOf(a.shape);
  const bStrides = stridesOf(b.shape);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < output.data.length; flat++) {
    // An axis of length 1 in an operand repeats its single element along the broadcast axis.
    let aOffset = 0;
    let bOffset = 0;
    for (let axis = 0; axis < rank; axis++) {
      const aAxis = axis - (rank - a.shape.length);
      const bAxis = axis - (rank - b.shape.length);
      if (aAxis >= 0 && a.shape[aAxis] !== 1) aOffset += index[axis] * aStrides[aAxis];
      if (bAxis >= 0 && b.shape[bAxis] !== 1) bOffset += index[axis] * bStrides[bAxis];
    }
    output.data[flat] = apply(a.data[aOffset], b.data[bOffset]);
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
    }
  }
  return output;
}
