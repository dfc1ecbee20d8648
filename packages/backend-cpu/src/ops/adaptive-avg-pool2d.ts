import type { Tensor } from "@alexnet-ts/engine";
import { adaptiveBounds } from "../average-window.js";
import { requireRank } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Throws unless the output size is two whole numbers ≥ 1. */
export function requireOutputSize(op: string, outputSize: readonly [number, number]): void {
  if (!Array.isArray(outputSize) || outputSize.length !== 2 || !outputSize.every((value) => Number.isInteger(value) && value >= 1)) {
    throw new Error(`${op}: outputSize must be two whole numbers ≥ 1 ([height, width]), got ${JSON.stringify(outputSize)}`);
  }
}

/** PyTorch's adaptive average pooling: window i covers floor(i·H/Ho) … ceil((i+1)·H/Ho) − 1. */
export function adaptiveAvgPool2d(store: TensorStore, x: Tensor, outputSize: readonly [number, number]): CpuTensor {
  const op = "adaptiveAvgPool2d";
  const input = store.read(op, x, "x");
  requireRank(op, input.shape, 4, "x", "[N, C, H, W]");
  requireOutputSize(op, outputSize);
  const [batch, channels, height, width] = input.shape;
  const [outputHeight, outputWidth] = outputSize;
  const rows = adaptiveBounds(height, outputHeight);
  const columns = adaptiveBounds(width, outputWidth);
  const output = store.createUninitialized([batch, channels, outputHeight, outputWidth]);
  const source = input.values;
  const target = output.values;
  let outputIndex = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const planeOffset = plane * height * width;
    for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
      const rowStart = rows.starts[outputRow];
      const rowEnd = rows.ends[outputRow];
      for (let outputColumn = 0; outputColumn < outputWidth; outputColumn++) {
        const columnStart = columns.starts[outputColumn];
        const columnEnd = columns.ends[outputColumn];
        let sum = 0;
        for (let row = rowStart; row < rowEnd; row++) {
          const rowOffset = planeOffset + row * width;
          for (let column = columnStart; column < columnEnd; column++) sum += source[rowOffset + column];
        }
        const count = (rowEnd - rowStart) * (columnEnd - columnStart);
        target[outputIndex++] = count > 0 ? sum / count : 0;
      }
    }
  }
  return output;
}
