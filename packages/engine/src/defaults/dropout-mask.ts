import type { Backend, Shape, Tensor } from "../backend.js";
import { dropoutMaskValues } from "../random.js";
import { elementCount } from "@alexnet-ts/ir/shape";

/**
 * The seeded dropout mask, drawn on the host by `dropoutMaskValues` (so every backend agrees bit
 * for bit) and uploaded.
 *
 * Shapes: → shape
 */
export function dropoutMask<T extends Tensor>(backend: Backend<T>, shape: Shape, rate: number, seed: number): T {
  // rate 1 drops everything: no draw reaches 1, so the infinite keep value is never written.
  if (!(rate >= 0 && rate <= 1)) throw new Error(`dropoutMask: rate ${rate} is outside [0, 1]; give the probability of dropping a unit`);
  return backend.upload(dropoutMaskValues(elementCount(shape), rate, seed), shape);
}
