/**
 * Helpers for ops' `describe`: a node's geometry in a few characters, as the rich summary prints it.
 */

/** "11×11 /4" (kernel, stride), then "p2" (padding) and "d2" (dilation) where they are not the identity. */
export function describeWindow(
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly number[],
  dilation: readonly [number, number],
): string[] {
  const parts = [`${kernel[0]}×${kernel[1]}`, `/${stride[0] === stride[1] ? stride[0] : `${stride[0]}×${stride[1]}`}`];
  if (padding.some((side) => side !== 0)) parts.push(`p${new Set(padding).size === 1 ? padding[0] : padding.join(",")}`);
  if (dilation[0] !== 1 || dilation[1] !== 1) parts.push(`d${dilation[0] === dilation[1] ? dilation[0] : dilation.join("×")}`);
  return parts;
}

/** A small attribute value as people write it: 1e-4 rather than 0.0001. */
export function formatAttribute(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}
