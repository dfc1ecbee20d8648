import type { Conv2dOptions, Shape, Tensor } from "@alexnet-ts/engine";
import { gemm } from "../gemm/index.js";
import { convGeometry } from "../geometry.js";
import { im2col, isPointwise } from "../im2col.js";
import { formatShape, requireSameShape, requireValidShape } from "../shapes.js";
import { scratch } from "../storage.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * dW = conv2d's filter gradient: per group, the sum over images of dy_g · columnsᵀ, each
 * image's im2col columns multiplied and accumulated into the filter gradient.
 */
export function conv2dBackwardFilter(store: TensorStore, x: Tensor, dy: Tensor, filterShape: Shape, options: Conv2dOptions): CpuTensor {
  const op = "conv2dBackwardFilter";
  const input = store.read(op, x, "x");
  const gradient = store.read(op, dy, "dy");
  requireValidShape(op, filterShape, "filterShape");
  const geometry = convGeometry(op, input.shape, filterShape, options);
  const { batch, channels, height, width, outChannels, groups, groupChannels, groupOutChannels, kernelHeight, kernelWidth, outputHeight, outputWidth } = geometry;
  requireSameShape(op, gradient.shape, "dy", [batch, outChannels, outputHeight, outputWidth], `the output of a convolution of x ${formatShape(input.shape)}`);
  const inner = groupChannels * kernelHeight * kernelWidth;
  const positions = outputHeight * outputWidth;
  const pointwise = isPointwise(geometry);
  // The first image's multiply overwrites every element; with no images the gradient is zero.
  const output = batch > 0 ? store.createUninitialized(filterShape) : store.create(filterShape);
  const columns = pointwise ? input.values : scratch("columns", inner * positions);
  for (let image = 0; image < batch; image++) {
    for (let group = 0; group < groups; group++) {
      const inputOffset = (image * channels + group * groupChannels) * height * width;
      if (!pointwise) im2col(geometry, input.values, inputOffset, groupChannels, columns);
      gemm({
        m: groupOutChannels, n: inner, k: positions,
        a: gradient.values, aOffset: (image * outChannels + group * groupOutChannels) * positions, lda: positions, transposeA: false,
        b: columns, bOffset: pointwise ? inputOffset : 0, ldb: positions, transposeB: true,
        c: output.values, cOffset: group * groupOutChannels * inner, ldc: inner,
        accumulate: image > 0,
      });
    }
  }
  return output;
}
