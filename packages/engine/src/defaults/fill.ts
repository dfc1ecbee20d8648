import type { Backend, Shape, Tensor } from "../backend.js";
import { elementCount } from "@alexnet-ts/ir/shape";

/**
 * A tensor of one value, uploaded from the host.
 *
 * Shapes: → shape
 */
export function fill<T extends Tensor>(backend: Backend<T>, shape: Shape, value: number): T {
  return backend.upload(new Float32Array(elementCount(shape)).fill(value), shape);
}
