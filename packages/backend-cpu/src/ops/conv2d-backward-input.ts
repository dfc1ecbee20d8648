import type { Conv2dOptions, Shape, Tensor } from "@alexnet-ts/engine";
import { gemm } from "../gemm/index.js";
import { convGeometry } from "../geometry.js";
import { col2im, isPointwise } from "../im2col.js";
import { formatShape, requireSameShape, requireValidShape } from "../shapes.js";
import { scratch } from "../storage.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * dx = conv2d's input gradient: per image and group, columns = filter_gᵀ · dy_g (a matrix
 * multiply), then col2im folds the columns back onto the input's cells.
 */
export function conv2dBackwardInput(store: TensorStore, dy: Tensor, filter: Tensor, inputShape: Shape, options: Conv2dOptions): CpuTensor {
  const op = "conv2dBackwardInput";
  const gradient = store.read(op, dy, "dy");
  const weights = store.read(op, filter, "filter");
  requireValidShape(op, inputShape, "inputShape");
  const geometry = convGeometry(op, inputShape, weights.shape, options);
  const { batch, channels, height, width, outChannels, groups, groupChannels, groupOutChannels, kernelHeight, kernelWidth, outputHeight, outputWidth } = geometry;
  requireSameShape(op, gradient.shape, "dy", [batch, outChannels, outputHeight, outputWidth], `the output of a convolution of ${formatShape(inputShape)}`);
  const inner = groupChannels * kernelHeight * kernelWidth;
  const positions = outputHeight * outputWidth;
  const pointwise = isPointwise(geometry);
  const output = store.create(inputShape);
  const dx = output.values;
  const columns = pointwise ? dx : scratch("columns", inner * positions);
  for (let image = 0; image < batch; image++) {
    for (let group = 0; group < groups; group++) {
      const inputOffset = (image * channels + group * groupChannels) * height * width;
      gemm({
        m: inner, n: positions, k: groupOutChannels,
        a: weights.values, aOffset: group * groupOutChannels * inner, lda: inner, transposeA: true,
        b: gradient.values, bOffset: (image * outChannels + group * groupOutChannels) * positions, ldb: positions, transposeB: false,
        c: columns, cOffset: pointwise ? inputOffset : 0, ldc: positions,
        accumulate: false,
      });
      if (!pointwise) col2im(geometry, columns, groupChannels, dx, inputOffset);
    }
  }
  return output;
}
