import { elementCount, type Shape, type Tensor } from "@alexnet-ts/engine";
import type { Storage } from "./storage.js";

/** The gpu.js backend's tensor handle: a shape over flat, row-major device storage. */
export class GpuTensor implements Tensor {
  /** Set by `dispose`, so a second dispose or a use after dispose fails loudly. */
  disposed = false;

  constructor(
    readonly shape: Shape,
    readonly storage: Storage,
  ) {}

  /** The element count. */
  get size(): number {
    return elementCount(this.shape);
  }
}
