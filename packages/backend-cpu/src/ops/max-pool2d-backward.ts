import type { Pool2dOptions, Tensor } from "@alexnet-ts/engine";
import { poolGeometry } from "../geometry.js";
import { maxPoolInWasm } from "../max-pool-wasm.js";
import { requireSameShape } from "../shapes.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * Max pooling's gradient without stored argmax indices: each window's first maximum (row-major
 * within the window) is found again from x — as the first cell equal to y, an equality test the
 * branch predictor gets right (a running maximum mispredicts often) — and receives that output's gradient.
 */
export function maxPool2dBackward(store: TensorStore, x: Tensor, y: Tensor, dy: Tensor, options: Pool2dOptions): CpuTensor {
  const op = "maxPool2dBackward";
  const input = store.read(op, x, "x");
  const pooled = store.read(op, y, "y");
  const gradient = store.read(op, dy, "dy");
  const geometry = poolGeometry(op, input.shape, options);
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const outputShape = [batch, channels, outputHeight, outputWidth];
  requireSameShape(op, pooled.shape, "y", outputShape, "the pooled shape");
  requireSameShape(op, gradient.shape, "dy", outputShape, "the pooled shape");
  const wasmOutput = store.createUninitialized(input.shape);
  // The WebAssembly kernel (which clears dx itself) on every thread where the tensors live in wasm memory (same results).
  if (maxPoolInWasm(geometry, input.values, pooled.values, gradient.values, wasmOutput.values)) return wasmOutput;
  wasmOutput.values.fill(0);
  const output = wasmOutput;
  const source = input.values;
  const yValues = pooled.values;
  const dyValues = gradient.values;
  const dx = output.values;
  let outputIndex = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const planeOffset = plane * height * width;
    for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
      const rowStart = outputRow * strideHeight - padTop;
      for (let outputColumn = 0; outputColumn < outputWidth; outputColumn++) {
        const columnStart = outputColumn * strideWidth - padLeft;
        // The window's maximum is y: the first cell equal to it is the first maximum. Only when none
        // is (y is NaN) does the search fall back to comparing cells.
        const target = yValues[outputIndex];
        let bestIndex = -1;
        for (let kernelRow = 0; kernelRow < kernelHeight && bestIndex < 0; kernelRow++) {
          const row = rowStart + kernelRow * dilationHeight;
          if (row < 0 || row >= height) continue;
          const rowOffset = planeOffset + row * width;
          for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
            const column = columnStart + kernelColumn * dilationWidth;
            if (column >= 0 && column < width && source[rowOffset + column] === target) {
              bestIndex = rowOffset + column;
              break;
            }
          }
        }
        if (bestIndex >= 0) {
          dx[bestIndex] += dyValues[outputIndex];
          outputIndex += 1;
          continue;
        }
        let best = -Infinity;
        for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
          const row = rowStart + kernelRow * dilationHeight;
          if (row < 0 || row >= height) continue;
          const rowOffset = planeOffset + row * width;
          for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
            const column = columnStart + kernelColumn * dilationWidth;
            if (column < 0 || column >= width) continue;
            const value = source[rowOffset + column];
            // Strictly greater keeps the first of equal maxima; the first real cell always starts the search.
            if (bestIndex < 0 || value > best) {
              best = value;
              bestIndex = rowOffset + column;
            }
          }
        }
        if (bestIndex >= 0) dx[bestIndex] += dyValues[outputIndex];
        outputIndex += 1;
      }
    }
  }
  return output;
}
