import type { AvgPool2dOptions, Tensor } from "@alexnet-ts/engine";
import { averageDivisors } from "../average-window.js";
import { poolGeometry } from "../geometry.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** 2-D average pooling; the divisor counts padding or not as `countIncludePad` says. */
export function avgPool2d(store: TensorStore, x: Tensor, options: AvgPool2dOptions): CpuTensor {
  const input = store.read("avgPool2d", x, "x");
  const geometry = poolGeometry("avgPool2d", input.shape, options);
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const divisors = averageDivisors(geometry, options.countIncludePad === true);
  const output = store.createUninitialized([batch, channels, outputHeight, outputWidth]);
  const source = input.values;
  const target = output.values;
  let outputIndex = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const planeOffset = plane * height * width;
    for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
      const rowStart = outputRow * strideHeight - padTop;
      for (let outputColumn = 0; outputColumn < outputWidth; outputColumn++) {
        const columnStart = outputColumn * strideWidth - padLeft;
        let sum = 0;
        for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
          const row = rowStart + kernelRow * dilationHeight;
          if (row < 0 || row >= height) continue;
          const rowOffset = planeOffset + row * width;
          for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
            const column = columnStart + kernelColumn * dilationWidth;
            if (column >= 0 && column < width) sum += source[rowOffset + column];
          }
        }
        const divisor = divisors.rows[outputRow] * divisors.columns[outputColumn];
        // A window entirely in padding (only possible with padding ≥ the window) averages nothing: 0.
        target[outputIndex++] = divisor > 0 ? sum / divisor : 0;
      }
    }
  }
  return output;
}
