import type { Conv2dOptions, Shape, Tensor } from "@alexnet-ts/engine";
import { convolutionInputGradient } from "../convolution.js";
import { convGeometry } from "../geometry.js";
import { formatShape, requireSameShape, requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** dx = conv2d's input gradient: filterᵀ · dy as a matrix multiply, folded back by col2im. */
export function conv2dBackwardInput(store: TensorStore, dy: Tensor, filter: Tensor, inputShape: Shape, options: Conv2dOptions): CpuTensor {
  const op = "conv2dBackwardInput";
  const gradient = store.read(op, dy, "dy");
  const weights = store.read(op, filter, "filter");
  requireValidShape(op, inputShape, "inputShape");
  const geometry = convGeometry(op, inputShape, weights.shape, options);
  const { batch, outChannels, outputHeight, outputWidth } = geometry;
  requireSameShape(op, gradient.shape, "dy", [batch, outChannels, outputHeight, outputWidth], `the output of a convolution of ${formatShape(inputShape)}`);
  // Zero-filled: col2im accumulates.
  const output = store.create(inputShape);
  convolutionInputGradient(geometry, gradient.values, weights.values, output.values);
  return output;
}
