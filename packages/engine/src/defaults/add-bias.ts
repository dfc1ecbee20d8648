import type { Backend, Tensor } from "../backend.js";
import { channelView } from "./layout.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Adds a per-channel (NCHW) or per-feature ([N, F]) bias by broadcasting it as [1, C, 1, …].
 *
 * Shapes: x: [N, C, …], bias: [C] → same as x
 */
export function addBias<T extends Tensor>(backend: Backend<T>, x: T, bias: T): T {
  if (x.shape.length < 2 || bias.shape.length !== 1 || bias.shape[0] !== x.shape[1]) {
    throw new Error(
      `addBias: bias ${formatShape(bias.shape)} does not match x ${formatShape(x.shape)}; the bias needs one value per channel (axis 1)`,
    );
  }
  return withTemporaries(backend, (temporary) => backend.binary("add", x, temporary(channelView(backend, bias, x.shape.length))));
}
