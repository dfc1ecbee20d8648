import type { Conv2dOptions, Shape, Tensor } from "@alexnet-ts/engine";
import { convolutionFilterGradient } from "../convolution.js";
import { convGeometry } from "../geometry.js";
import { formatShape, requireSameShape, requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** dW = conv2d's filter gradient: Σ over images of dy · im2col(x)ᵀ as matrix multiplies. */
export function conv2dBackwardFilter(store: TensorStore, x: Tensor, dy: Tensor, filterShape: Shape, options: Conv2dOptions): CpuTensor {
  const op = "conv2dBackwardFilter";
  const input = store.read(op, x, "x");
  const gradient = store.read(op, dy, "dy");
  requireValidShape(op, filterShape, "filterShape");
  const geometry = convGeometry(op, input.shape, filterShape, options);
  const { batch, outChannels, outputHeight, outputWidth } = geometry;
  requireSameShape(op, gradient.shape, "dy", [batch, outChannels, outputHeight, outputWidth], `the output of a convolution of x ${formatShape(input.shape)}`);
  // The first multiply overwrites every element; with no images the gradient is zero.
  const output = batch > 0 ? store.createUninitialized(filterShape) : store.create(filterShape);
  convolutionFilterGradient(geometry, input.values, gradient.values, output.values);
  return output;
}
