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
 * base^−β. Math.pow is the slowest step of LRN, so the paper's β = 0.75 (and 0.5, 1) use square
 * roots instead, exact to float64 rounding.
 */
export function negativePower(beta: number): (base: number) => number {
  if (beta === 0.75) return (base) => 1 / (Math.sqrt(base) * Math.sqrt(Math.sqrt(base)));
  if (beta === 0.5) return (base) => 1 / Math.sqrt(base);
  if (beta === 1) return (base) => 1 / base;
  return (base) => Math.pow(base, -beta);
}

/**
 * Fills `scale[c·plane + p]` with k + α·Σ x[j]² over c's window, for one image whose values
 * start at `offset`.
 */
export function lrnScale(
  x: Float32Array,
  offset: number,
  channels: number,
  plane: number,
  options: LocalResponseNormOptions,
  scale: Float64Array,
): void {
  const { below, above } = lrnReach(options.size);
  const { alpha, k } = options;
  for (let channel = 0; channel < channels; channel++) {
    const target = channel * plane;
    scale.fill(0, target, target + plane);
    const first = Math.max(0, channel - below);
    const last = Math.min(channels - 1, channel + above);
    for (let neighbour = first; neighbour <= last; neighbour++) {
      const source = offset + neighbour * plane;
      for (let position = 0; position < plane; position++) {
        const value = x[source + position];
        scale[target + position] += value * value;
      }
    }
    for (let position = 0; position < plane; position++) scale[target + position] = k + alpha * scale[target + position];
  }
}
