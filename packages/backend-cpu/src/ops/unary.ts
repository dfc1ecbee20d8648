import type { Tensor, UnaryOp } from "@alexnet-ts/engine";
import { int32View, reluBits } from "../bits.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** One loop per function, so each stays monomorphic and fast. */
const kernels: Record<UnaryOp, (input: Float32Array, output: Float32Array) => void> = {
  negate: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = -input[i]; },
  abs: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = Math.abs(input[i]); },
  exp: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = Math.exp(input[i]); },
  log: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = Math.log(input[i]); },
  sqrt: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = Math.sqrt(input[i]); },
  square: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = input[i] * input[i]; },
  reciprocal: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = 1 / input[i]; },
  relu: (input, output) => reluBits(int32View(input), int32View(output), 0, input.length),
  tanh: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = Math.tanh(input[i]); },
  // +(x > 0) compiles to a flag move, not a branch.
  step: (input, output) => { for (let i = 0; i < input.length; i++) output[i] = +(input[i] > 0); },
};

/** Elementwise function of one tensor. */
export function unary(store: TensorStore, op: UnaryOp, x: Tensor): CpuTensor {
  const input = store.read("unary", x, "x");
  const kernel = Object.hasOwn(kernels, op) ? kernels[op] : undefined;
  if (kernel === undefined) throw new Error(`unary: unknown function ${JSON.stringify(op)} (known: ${Object.keys(kernels).join(", ")})`);
  const output = store.createUninitialized(input.shape);
  kernel(input.values, output.values);
  return output;
}
