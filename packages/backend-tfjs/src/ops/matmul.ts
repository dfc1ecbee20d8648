import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import type { AxisOrder, TfjsTensor } from "../tensor.js";

const straight: AxisOrder = [0, 1];
const flipped: AxisOrder = [1, 0];

/**
 * Matrix product of 2-D tensors. A matrix stored transposed (order [1, 0], left by a lazy
 * `transpose`) is used as it lies by flipping tfjs's transpose flag instead of copying it, except
 * on wasm, where a flag costs far more than re-laying the operand out once.
 */
export function matmul(runtime: TfjsRuntime, a: TfjsTensor, b: TfjsTensor, transposeA: boolean, transposeB: boolean): TfjsTensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`${runtime.backendName}: matmul takes 2-D tensors, not [${a.shape}] and [${b.shape}]`);
  const [rows, innerA] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [innerB, columns] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (innerA !== innerB) throw new Error(`${runtime.backendName}: matmul inner sizes differ: [${a.shape}]${transposeA ? "ᵀ" : ""} × [${b.shape}]${transposeB ? "ᵀ" : ""}`);
  if (runtime.engine === "wasm" && (a !== b || transposeA === transposeB)) {
    // tfjs-wasm runs a product on XNNPACK (its packed weights cached per right operand) only when
    // neither transpose flag is set; with a flag it falls back to a plain loop, ~10× slower for a
    // fully connected layer. So an operand is re-laid out in place to need no flag: a weight used
    // as Wᵀ stays so for every later inference (a training step flips it back for its dy·W).
    // One handle wanted in both layouts (x·xᵀ) keeps the flags: re-laying it would free the other.
    const value = tf.matMul(runtime.physical(a, transposeA ? flipped : straight), runtime.physical(b, transposeB ? flipped : straight));
    return runtime.wrap(value, [rows, columns]);
  }
  const storedA = a.order[0] === 1;
  const storedB = b.order[0] === 1;
  const value = tf.matMul(runtime.physical(a, a.order), runtime.physical(b, b.order), transposeA !== storedA, transposeB !== storedB);
  return runtime.wrap(value, [rows, columns]);
}
