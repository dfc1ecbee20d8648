import type { UnaryOp } from "@alexnet-ts/engine";
import { ArrayTensor, requireShape } from "./tensor.js";

const functions: Record<UnaryOp, (x: number) => number> = {
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

/** Elementwise function of one tensor. Shapes: x: any → same as x */
export function unary(op: UnaryOp, x: ArrayTensor): ArrayTensor {
  const apply = functions[op];
  requireShape("unary", apply !== undefined, `unknown op "${op}"`);
  const output = new Float32Array(x.values.length);
  for (let index = 0; index < output.length; index++) output[index] = apply(x.values[index]);
  return new ArrayTensor(x.shape, output);
}
