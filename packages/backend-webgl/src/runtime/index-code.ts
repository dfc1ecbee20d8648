/**
 * Code generation for gpu.js kernel sources. Kernels are written as source strings (not functions)
 * so that no TypeScript or bundler transformation reaches the code gpu.js parses, and so that shapes
 * can be written in as literal numbers (one compiled kernel per shape signature).
 */
import type { Shape } from "@alexnet-ts/engine";

/** A number as a float literal gpu.js types as a float (never an integer). */
export function float(value: number): string {
  if (value === Infinity) return "3.0e38";
  if (value === -Infinity) return "-3.0e38";
  if (Number.isNaN(value)) throw new Error("a NaN constant cannot be written into a kernel");
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * Statements that split the flat index expression `index` into the coordinates
 * `${prefix}0 … ${prefix}{rank−1}` of `shape`.
 *
 * GLSL ES 1.00 has no exact integer division: indices are floats, and a quotient like 9 / 3 can
 * come out as 2.9999. Dividing (index + 0.5) keeps every quotient half a step away from a whole
 * number, so `floor` is exact for indices below 2^22.
 */
export function splitIndex(index: string, shape: Shape, prefix: string): string {
  const lines: string[] = [`const ${prefix}Rest${shape.length} = ${index};`];
  for (let axis = shape.length - 1; axis >= 1; axis -= 1) {
    const rest = `${prefix}Rest${axis + 1}`;
    lines.push(`const ${prefix}Rest${axis} = Math.floor((${rest} + 0.5) / ${float(shape[axis])});`);
    lines.push(`const ${prefix}${axis} = ${rest} - ${prefix}Rest${axis} * ${float(shape[axis])};`);
  }
  if (shape.length > 0) lines.push(`const ${prefix}0 = ${prefix}Rest1;`);
  return lines.join("\n");
}

/** The flat index of coordinates (expressions) under strides, skipping zero strides (broadcast axes). */
export function flatIndex(coordinates: readonly string[], strides: readonly number[]): string {
  const terms = coordinates.flatMap((coordinate, axis) => (strides[axis] === 0 ? [] : [strides[axis] === 1 ? coordinate : `${coordinate} * ${float(strides[axis])}`]));
  return terms.length === 0 ? "0" : terms.join(" + ");
}
