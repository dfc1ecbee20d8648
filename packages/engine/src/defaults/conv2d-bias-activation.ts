import type { Backend, Tensor } from "../backend.js";
import type { Conv2dOptions } from "../backend-options.js";
import { withTemporaries } from "./temporaries.js";

/**
 * conv2d, then the bias (`backend.addBias`), then the activation, unfused.
 *
 * Shapes: x: [N, C, H, W], filter: [O, C / groups, kH, kW], bias: [O] → [N, O, Ho, Wo]
 */
export function conv2dBiasActivation<T extends Tensor>(
  backend: Backend<T>,
  x: T,
  filter: T,
  bias: T | undefined,
  options: Conv2dOptions,
  activation: "none" | "relu",
): T {
  return withTemporaries(backend, (temporary) => {
    let output = backend.conv2d(x, filter, options);
    if (bias !== undefined) output = backend.addBias(temporary(output), bias);
    if (activation === "relu") output = backend.unary("relu", temporary(output));
    return output;
  });
}
