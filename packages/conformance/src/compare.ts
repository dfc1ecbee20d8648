import type { Shape } from "@alexnet-ts/engine";
import { formatShape, stridesOf, type ReferenceTensor } from "./reference/index.js";
import type { Tolerance } from "./options.js";

/** A multi-index for a flat offset, e.g. [0, 2, 3, 1]. */
function multiIndex(offset: number, shape: readonly number[]): number[] {
  return stridesOf(shape).map((stride, axis) => Math.floor(offset / stride) % shape[axis]);
}

/**
 * Compares a backend's values with the expected ones; returns undefined when they agree within
 * the tolerance, else one line naming the worst element (index, got, expected) and how many
 * elements are outside.
 */
export function compareValues(label: string, got: Float32Array, gotShape: Shape, expected: ReferenceTensor, tolerance: Tolerance): string | undefined {
  const shapesAgree = gotShape.length === expected.shape.length && gotShape.every((dimension, axis) => dimension === expected.shape[axis]);
  if (!shapesAgree) return `${label}: shape ${formatShape([...gotShape])}, expected ${formatShape(expected.shape)}`;
  if (got.length !== expected.data.length) return `${label}: ${got.length} values downloaded for shape ${formatShape(expected.shape)} (${expected.data.length} elements)`;
  let largest = 1;
  for (const value of expected.data) if (Number.isFinite(value)) largest = Math.max(largest, Math.abs(value));
  let worst = -1;
  let worstExcess = 0;
  let worstError = 0;
  let outside = 0;
  for (let index = 0; index < got.length; index++) {
    const value = got[index];
    const target = expected.data[index];
    let excess: number;
    const error = Math.abs(value - target);
    if (!Number.isFinite(target) || !Number.isFinite(value)) {
      excess = value === target ? 0 : Infinity;
    } else {
      const allowed = tolerance.absolute * largest + tolerance.relative * Math.abs(target);
      excess = error === 0 ? 0 : allowed === 0 ? Infinity : error / allowed;
    }
    if (excess > 1) {
      outside++;
      // Worst by excess over the tolerance, then (for an exact tolerance) by the error itself.
      if (excess > worstExcess || (excess === worstExcess && !(error <= worstError))) {
        worstExcess = excess;
        worstError = error;
        worst = index;
      }
    }
  }
  if (outside === 0) return undefined;
  const error = Math.abs(got[worst] - expected.data[worst]);
  return (
    `${label}: ${outside} of ${got.length} elements outside tolerance; worst at [${multiIndex(worst, expected.shape).join(", ")}]: ` +
    `got ${got[worst]}, expected ${expected.data[worst]} (error ${error.toExponential(2)}; tolerance relative ${tolerance.relative}, absolute ${tolerance.absolute} × ${largest.toPrecision(3)})`
  );
}
