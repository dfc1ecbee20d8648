import type { LocalResponseNormOptions, Tensor } from "@alexnet-ts/engine";
import { checkLrn, lrnReach, negativePowerInPlace, squareImage, windowScale } from "../lrn-window.js";
import { localResponseNormInWasm } from "../lrn-wasm.js";
import { requireSameShape } from "../shapes.js";
import { scratch64 } from "../storage.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * LRN's gradient, with s_c = k + α·Σ_window(c) x²:
 *   dx[i] = dy[i]·s_i^−β − 2αβ·x[i]·Σ_{c whose window holds i} dy[c]·x[c]·s_c^(−β−1).
 * The scales are recomputed from x in float64 (y is not divided back: x may be 0).
 */
export function localResponseNormBackward(store: TensorStore, x: Tensor, y: Tensor, dy: Tensor, options: LocalResponseNormOptions): CpuTensor {
  const op = "localResponseNormBackward";
  const input = store.read(op, x, "x");
  const normalized = store.read(op, y, "y");
  const gradient = store.read(op, dy, "dy");
  checkLrn(op, input.shape, options);
  requireSameShape(op, normalized.shape, "y", input.shape, "x");
  requireSameShape(op, gradient.shape, "dy", input.shape, "x");
  const wasmOutput = store.createUninitialized(input.shape);
  // The WebAssembly kernel on every thread where it applies (β = 0.75, tensors in wasm memory).
  if (localResponseNormInWasm(input.values, gradient.values, wasmOutput.values, input.shape, options)) return wasmOutput;
  const [batch, channels, height, width] = input.shape;
  const plane = height * width;
  const imageSize = channels * plane;
  const { below, above } = lrnReach(options.size);
  const power = negativePowerInPlace(options.beta);
  const factor = 2 * options.alpha * options.beta;
  const squares = scratch64("lrn-squares", imageSize);
  // powered holds s^−β per element; terms holds dy·x·s^(−β−1); base holds one plane of s.
  const powered = scratch64("lrn-powered", imageSize);
  const terms = scratch64("lrn-terms", imageSize);
  const base = scratch64("lrn-plane", plane);
  const sums = scratch64("lrn-sums", plane);
  const output = wasmOutput;
  const xValues = input.values;
  const dyValues = gradient.values;
  const dx = output.values;
  for (let image = 0; image < batch; image++) {
    const offset = image * imageSize;
    squareImage(xValues, offset, imageSize, squares);
    for (let channel = 0; channel < channels; channel++) {
      const start = channel * plane;
      windowScale(squares, channel, channels, plane, options, base, 0);
      for (let position = 0; position < plane; position++) powered[start + position] = base[position];
      power(powered, start, start + plane);
      for (let position = 0; position < plane; position++) {
        const index = start + position;
        terms[index] = (dyValues[offset + index] * xValues[offset + index] * powered[index]) / base[position];
      }
    }
    for (let channel = 0; channel < channels; channel++) {
      // Channel i lies in the windows of channels i − above … i + below.
      const first = Math.max(0, channel - above);
      const last = Math.min(channels - 1, channel + below);
      const firstOffset = first * plane;
      for (let position = 0; position < plane; position++) sums[position] = terms[firstOffset + position];
      for (let neighbour = first + 1; neighbour <= last; neighbour++) {
        const source = neighbour * plane;
        for (let position = 0; position < plane; position++) sums[position] += terms[source + position];
      }
      const start = channel * plane;
      for (let position = 0; position < plane; position++) {
        const index = offset + start + position;
        dx[index] = dyValues[index] * powered[start + position] - factor * xValues[index] * sums[position];
      }
    }
  }
  return output;
}
