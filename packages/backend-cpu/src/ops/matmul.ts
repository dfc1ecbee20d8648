import type { Tensor } from "@alexnet-ts/engine";
import { gemm } from "../gemm/index.js";
import { formatShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Matrix product of 2-D tensors, either operand optionally transposed: the shared gemm. */
export function matmul(store: TensorStore, a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): CpuTensor {
  const left = store.read("matmul", a, "a");
  const right = store.read("matmul", b, "b");
  if (left.shape.length !== 2 || right.shape.length !== 2) {
    throw new Error(`matmul: both operands must be 2-D, got ${formatShape(left.shape)} × ${formatShape(right.shape)}`);
  }
  const [m, k] = transposeA ? [left.shape[1], left.shape[0]] : [left.shape[0], left.shape[1]];
  const [innerB, n] = transposeB ? [right.shape[1], right.shape[0]] : [right.shape[0], right.shape[1]];
  if (k !== innerB) {
    const describe = (shape: readonly number[], transposed: boolean): string => `${formatShape(shape)}${transposed ? "ᵀ" : ""}`;
    throw new Error(`matmul: inner dimensions differ: ${describe(left.shape, transposeA)} × ${describe(right.shape, transposeB)}`);
  }
  // With k = 0 the product is all zeros, which only a zero-filled tensor holds.
  if (m === 0 || n === 0 || k === 0) return store.create([m, n]);
  const output = store.createUninitialized([m, n]);
  gemm({
    m, n, k,
    a: left.values, lda: left.shape[1], transposeA,
    b: right.values, ldb: right.shape[1], transposeB,
    c: output.values, ldc: n,
    accumulate: false,
  });
  return output;
}
