import { formatShape } from "./format.js";

/**
 * NumPy's broadcast of two shapes: aligned at the right, each pair of dimensions equal or one
 * of them 1. Throws "`op`: shapes [..] and [..] do not broadcast (axis i: a vs b)" otherwise.
 */
export function broadcastShape(first: readonly number[], second: readonly number[], op = "binary"): number[] {
  const rank = Math.max(first.length, second.length);
  const shape = new Array<number>(rank);
  for (let axis = 0; axis < rank; axis++) {
    const a = first[first.length - rank + axis] ?? 1;
    const b = second[second.length - rank + axis] ?? 1;
    if (a !== b && a !== 1 && b !== 1) {
      throw new Error(`${op}: shapes ${formatShape(first)} and ${formatShape(second)} do not broadcast (axis ${axis}: ${a} vs ${b})`);
    }
    shape[axis] = a === 1 ? b : a;
  }
  return shape;
}
