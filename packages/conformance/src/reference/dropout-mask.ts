import { dropoutMaskValues } from "@alexnet-ts/engine";
import { elementCount, referenceTensor, requireShape, type ReferenceTensor } from "./tensor.js";

/** The dropout mask for a seed, exactly as the contract defines it (`dropoutMaskValues`). */
export function referenceDropoutMask(shape: readonly number[], rate: number, seed: number): ReferenceTensor {
  requireShape("dropoutMask", rate >= 0 && rate < 1, `rate must be in [0, 1), not ${rate}`);
  return referenceTensor(shape, dropoutMaskValues(elementCount(shape), rate, seed));
}
