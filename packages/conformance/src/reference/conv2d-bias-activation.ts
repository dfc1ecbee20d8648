import type { Conv2dOptions } from "@alexnet-ts/engine";
import { type ReferenceTensor } from "./tensor.js";
import { referenceConv2d } from "./conv2d.js";
import { referenceAddBias } from "./add-bias.js";
import { referenceUnary } from "./unary.js";

/** Convolution, then the bias (if any), then the activation. */
export function referenceConv2dBiasActivation(
  x: ReferenceTensor,
  filter: ReferenceTensor,
  bias: ReferenceTensor | undefined,
  options: Conv2dOptions,
  activation: "none" | "relu",
): ReferenceTensor {
  const convolved = referenceConv2d(x, filter, options);
  const biased = bias === undefined ? convolved : referenceAddBias(convolved, bias);
  return activation === "relu" ? referenceUnary("relu", biased) : biased;
}
