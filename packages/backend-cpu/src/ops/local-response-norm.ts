import type { LocalResponseNormOptions, Tensor } from "@alexnet-ts/engine";
import { checkLrn, negativePowerInPlace, squareImage, windowScale } from "../lrn-window.js";
import { localResponseNormInWasm } from "../lrn-wasm.js";
import { scratch64 } from "../storage.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Local response normalization across channels: y[c] = x[c] · (k + α·Σ x[j]²)^−β, channel plane by plane. */
export function localResponseNorm(store: TensorStore, x: Tensor, options: LocalResponseNormOptions): CpuTensor {
  const input = store.read("localResponseNorm", x, "x");
  checkLrn("localResponseNorm", input.shape, options);
  const output = store.createUninitialized(input.shape);
  // The WebAssembly kernel on every thread where it applies (β = 0.75, tensors in wasm memory).
  if (localResponseNormInWasm(input.values, undefined, output.values, input.shape, options)) return output;
  const [batch, channels, height, width] = input.shape;
  const plane = height * width;
  const imageSize = channels * plane;
  const power = negativePowerInPlace(options.beta);
  const squares = scratch64("lrn-squares", imageSize);
  const scale = scratch64("lrn-plane", plane);
  const source = input.values;
  const target = output.values;
  for (let image = 0; image < batch; image++) {
    const offset = image * imageSize;
    squareImage(source, offset, imageSize, squares);
    for (let channel = 0; channel < channels; channel++) {
      windowScale(squares, channel, channels, plane, options, scale, 0);
      power(scale, 0, plane);
      const start = offset + channel * plane;
      for (let position = 0; position < plane; position++) target[start + position] = source[start + position] * scale[position];
    }
  }
  return output;
}
