import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { TfjsTensor } from "../tensor.js";

/**
 * Matrix product of 2-D tensors. A matrix stored transposed (order [1, 0], left by a lazy
 * `transpose`) is used as it lies by flipping tfjs's transpose flag instead of copying it.
 */
export function matmul(runtime: TfjsRuntime, a: TfjsTensor, b: TfjsTensor, transposeA: boolean, transposeB: boolean): TfjsTensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`${runtime.backendName}: matmul takes 2-D tensors, not [${a.shape}] and [${b.shape}]`);
  const [rows, innerA] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [innerB, columns] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (innerA !== innerB) throw new Error(`${runtime.backendName}: matmul inner sizes differ: [${a.shape}]${transposeA ? "ᵀ" : ""} × [${b.shape}]${transposeB ? "ᵀ" : ""}`);
  const storedA = a.order[0] === 1;
  const storedB = b.order[0] === 1;
  const value = tf.matMul(runtime.physical(a, a.order), runtime.physical(b, b.order), transposeA !== storedA, transposeB !== storedB);
  return runtime.wrap(value, [rows, columns]);
}
