import type { AvgPool2dOptions, Shape, Tensor } from "@alexnet-ts/engine";
import { averageDivisors } from "../average-window.js";
import { poolGeometry } from "../geometry.js";
import { requireSameShape, requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Average pooling's gradient: each output's gradient, divided by its divisor, spread over its window's real cells. */
export function avgPool2dBackward(store: TensorStore, dy: Tensor, inputShape: Shape, options: AvgPool2dOptions): CpuTensor {
  const op = "avgPool2dBackward";
  const gradient = store.read(op, dy, "dy");
  requireValidShape(op, inputShape, "inputShape");
  const geometry = poolGeometry(op, inputShape, options);
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  requireSameShape(op, gradient.shape, "dy", [batch, channels, outputHeight, outputWidth], "the pooled shape");
  const divisors = averageDivisors(geometry, options.countIncludePad === true);
  const output = store.create(inputShape);
  const dyValues = gradient.values;
  const dx = output.values;
  let outputIndex = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const planeOffset = plane * height * width;
    for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
      const rowStart = outputRow * strideHeight - padTop;
      for (let outputColumn = 0; outputColumn < outputWidth; outputColumn++) {
        const columnStart = outputColumn * strideWidth - padLeft;
        const divisor = divisors.rows[outputRow] * divisors.columns[outputColumn];
        const share = divisor > 0 ? dyValues[outputIndex] / divisor : 0;
        outputIndex += 1;
        for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
          const row = rowStart + kernelRow * dilationHeight;
          if (row < 0 || row >= height) continue;
          const rowOffset = planeOffset + row * width;
          for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
            const column = columnStart + kernelColumn * dilationWidth;
            if (column >= 0 && column < width) dx[rowOffset + column] += share;
          }
        }
      }
    }
  }
  return output;
}
