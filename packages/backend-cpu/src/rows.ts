import type { Shape } from "@alexnet-ts/engine";
import { formatShape } from "./shapes.js";

/** [rows, length of the last axis] of a tensor that an op treats as rows over its last axis. */
export function lastAxisRows(op: string, shape: Shape, role: string): [number, number] {
  if (shape.length < 1) throw new Error(`${op}: ${role} must have at least one axis ([N, K]), got ${formatShape(shape)}`);
  const length = shape[shape.length - 1];
  let rows = 1;
  for (let axis = 0; axis < shape.length - 1; axis++) rows *= shape[axis];
  return [rows, length];
}
