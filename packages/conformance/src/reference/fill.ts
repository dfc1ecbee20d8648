import { referenceTensor, type ReferenceTensor } from "./tensor.js";

/** A tensor of one value. */
export function referenceFill(shape: readonly number[], value: number): ReferenceTensor {
  const output = referenceTensor(shape);
  output.data.fill(value);
  return output;
}
