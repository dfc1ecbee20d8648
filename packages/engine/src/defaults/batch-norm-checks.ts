import type { Tensor } from "../backend.js";
import { formatShape } from "@alexnet-ts/ir/shape";

/** Throws a clear error unless x is [N, C, …] and every per-channel tensor is [C]. */
export function checkBatchNormShapes(op: string, x: Tensor, perChannel: Readonly<Record<string, Tensor>>): void {
  if (x.shape.length < 2) throw new Error(`${op}: x ${formatShape(x.shape)} is not [N, C, H, W]`);
  for (const [name, tensor] of Object.entries(perChannel)) {
    if (tensor.shape.length !== 1 || tensor.shape[0] !== x.shape[1]) {
      throw new Error(`${op}: ${name} ${formatShape(tensor.shape)} should be [${x.shape[1]}], one value per channel of x ${formatShape(x.shape)}`);
    }
  }
}

/** Every axis but the channel axis: what batch normalization reduces over. */
export function nonChannelAxes(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, index) => index + 2)];
}
