import type { Shape, Tensor } from "@alexnet-ts/engine";
import { adaptiveBounds } from "../average-window.js";
import { formatShape, requireRank, requireValidShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Adaptive average pooling's gradient: each output's gradient shared evenly over its window. */
export function adaptiveAvgPool2dBackward(store: TensorStore, dy: Tensor, inputShape: Shape): CpuTensor {
  const op = "adaptiveAvgPool2dBackward";
  const gradient = store.read(op, dy, "dy");
  requireValidShape(op, inputShape, "inputShape");
  requireRank(op, inputShape, 4, "inputShape", "[N, C, H, W]");
  requireRank(op, gradient.shape, 4, "dy", "[N, C, Ho, Wo]");
  const [batch, channels, height, width] = inputShape;
  const [, , outputHeight, outputWidth] = gradient.shape;
  if (gradient.shape[0] !== batch || gradient.shape[1] !== channels || outputHeight < 1 || outputWidth < 1) {
    throw new Error(`${op}: dy ${formatShape(gradient.shape)} does not match inputShape ${formatShape(inputShape)} in batch and channels`);
  }
  const rows = adaptiveBounds(height, outputHeight);
  const columns = adaptiveBounds(width, outputWidth);
  const output = store.create(inputShape);
  const dyValues = gradient.values;
  const dx = output.values;
  let outputIndex = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const planeOffset = plane * height * width;
    for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
      const rowStart = rows.starts[outputRow];
      const rowEnd = rows.ends[outputRow];
      for (let outputColumn = 0; outputColumn < outputWidth; outputColumn++) {
        const columnStart = columns.starts[outputColumn];
        const columnEnd = columns.ends[outputColumn];
        const count = (rowEnd - rowStart) * (columnEnd - columnStart);
        const share = count > 0 ? dyValues[outputIndex] / count : 0;
        outputIndex += 1;
        for (let row = rowStart; row < rowEnd; row++) {
          const rowOffset = planeOffset + row * width;
          for (let column = columnStart; column < columnEnd; column++) dx[rowOffset + column] += share;
        }
      }
    }
  }
  return output;
}
