import type { Pool2dOptions, Tensor } from "@alexnet-ts/engine";
import { poolGeometry } from "../geometry.js";
import { maxPoolInWasm } from "../max-pool-wasm.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** 2-D max pooling; padded cells are skipped, so padding never wins. */
export function maxPool2d(store: TensorStore, x: Tensor, options: Pool2dOptions): CpuTensor {
  const input = store.read("maxPool2d", x, "x");
  const geometry = poolGeometry("maxPool2d", input.shape, options);
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const output = store.createUninitialized([batch, channels, outputHeight, outputWidth]);
  // The WebAssembly kernel on every thread where the tensors live in wasm memory (same results).
  if (maxPoolInWasm(geometry, input.values, undefined, undefined, output.values)) return output;
  const source = input.values;
  const target = output.values;
  let outputIndex = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const planeOffset = plane * height * width;
    for (let outputRow = 0; outputRow < outputHeight; outputRow++) {
      const rowStart = outputRow * strideHeight - padTop;
      for (let outputColumn = 0; outputColumn < outputWidth; outputColumn++) {
        const columnStart = outputColumn * strideWidth - padLeft;
        let best = -Infinity;
        for (let kernelRow = 0; kernelRow < kernelHeight; kernelRow++) {
          const row = rowStart + kernelRow * dilationHeight;
          if (row < 0 || row >= height) continue;
          const rowOffset = planeOffset + row * width;
          for (let kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++) {
            const column = columnStart + kernelColumn * dilationWidth;
            if (column < 0 || column >= width) continue;
            const value = source[rowOffset + column];
            // NaN propagates, as in PyTorch: once best is NaN nothing replaces it.
            if (value > best || value !== value) best = value;
          }
        }
        target[outputIndex++] = best;
      }
    }
  }
  return output;
}
