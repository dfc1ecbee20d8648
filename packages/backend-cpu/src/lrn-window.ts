import type { LocalResponseNormOptions, Shape } from "@alexnet-ts/engine";
import { requireNumber, requireRank } from "./shapes.js";

/** Channels below and above c in c's window: c − below … c + above (the contract's ⌊(n−1)/2⌋ and ⌈(n−1)/2⌉). */
export function lrnReach(size: number): { below: number; above: number } {
  return { below: Math.floor((size - 1) / 2), above: Math.ceil((size - 1) / 2) };
}

/** Checks LRN's input and options. */
export function checkLrn(op: string, shape: Shape, options: LocalResponseNormOptions): void {
  requireRank(op, shape, 4, "x", "[N, C, H, W]");
  requireNumber(op, options.size, "size", (value) => Number.isInteger(value) && value >= 1, "a whole number ≥ 1");
  requireNumber(op, options.alpha, "alpha", () => true, "a finite number");
  requireNumber(op, options.beta, "beta", () => true, "a finite number");
  requireNumber(op, options.k, "k", () => true, "a finite number");
}

/**
 * values[i] ← values[i]^−β for i in [start, end). Math.pow costs ~20× a square root, and LRN
 * computes one power per element, so the paper's β = 0.75 (and 0.5, 1) use square roots, exact
 * to float64 rounding, and any other β uses exp(−β·log b) (a few float64 ulps, far below float32's).
 * One loop per case keeps each monomorphic.
 */
export function negativePowerInPlace(beta: number): (values: Float64Array, start: number, end: number) => void {
  if (beta === 0.75) {
    return (values, start, end) => {
      for (let index = start; index < end; index++) {
        const root = Math.sqrt(values[index]);
        values[index] = 1 / (root * Math.sqrt(root));
      }
    };
  }
  if (beta === 0.5) return (values, start, end) => { for (let index = start; index < end; index++) values[index] = 1 / Math.sqrt(values[index]); };
  if (beta === 1) return (values, start, end) => { for (let index = start; index < end; index++) values[index] = 1 / values[index]; };
  return (values, start, end) => { for (let index = start; index < end; index++) values[index] = Math.exp(-beta * Math.log(values[index])); };
}

/** squares[i] ← x[offset + i]² for one image's `count` values. */
export function squareImage(x: Float32Array, offset: number, count: number, squares: Float64Array): void {
  for (let index = 0; index < count; index++) {
    const value = x[offset + index];
    squares[index] = value * value;
  }
}

/**
 * target[targetStart + p] ← k + α·Σ_{j in c's window} squares[j·plane + p] for one channel c:
 * the LRN denominator's base. Direct sums over the ≤ size neighbours (no running sum), so no
 * cancellation when large and small activations meet.
 */
export function windowScale(
  squares: Float64Array,
  channel: number,
  channels: number,
  plane: number,
  options: LocalResponseNormOptions,
  target: Float64Array,
  targetStart: number,
): void {
  const { below, above } = lrnReach(options.size);
  const first = Math.max(0, channel - below);
  const last = Math.min(channels - 1, channel + above);
  const firstOffset = first * plane;
  for (let position = 0; position < plane; position++) target[targetStart + position] = squares[firstOffset + position];
  for (let neighbour = first + 1; neighbour <= last; neighbour++) {
    const source = neighbour * plane;
    for (let position = 0; position < plane; position++) target[targetStart + position] += squares[source + position];
  }
  const { alpha, k } = options;
  for (let position = 0; position < plane; position++) target[targetStart + position] = k + alpha * target[targetStart + position];
}
