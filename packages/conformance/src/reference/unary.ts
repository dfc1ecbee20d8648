import type { UnaryOp } from "@alexnet-ts/engine";
import { referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";

const unaryFunctions: Record<UnaryOp, (x: number) => number> = {
  negate: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  relu: (x) => (x > 0 ? x : 0),
  tanh: (x) => Math.tanh(x),
  step: (x) => (x > 0 ? 1 : 0),
};

/** Elementwise function of one tensor. */
export function referenceUnary(op: UnaryOp, x: ReferenceTensor): ReferenceTensor {
  const apply = unaryFunctions[op];
  requireShape("unary", apply !== undefined, `unknown op "${op}"`);
  const output = referenceTensor(x.shape);
  for (let index = 0; index < x.data.length; index++) output.data[index] = apply(x.data[index]);
  return output;
}
