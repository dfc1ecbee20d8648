import type { LocalResponseNormOptions, Tensor } from "@alexnet-ts/engine";
import { checkLrn, lrnScale, negativePower } from "../lrn-window.js";
import { scratch64 } from "../storage.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/** Local response normalization across channels: y[c] = x[c] · (k + α·Σ x[j]²)^−β. */
export function localResponseNorm(store: TensorStore, x: Tensor, options: LocalResponseNormOptions): CpuTensor {
  const input = store.read("localResponseNorm", x, "x");
  checkLrn("localResponseNorm", input.shape, options);
  const [batch, channels, height, width] = input.shape;
  const plane = height * width;
  const imageSize = channels * plane;
  const power = negativePower(options.beta);
  const scale = scratch64("lrn-scale", imageSize);
  const output = store.createUninitialized(input.shape);
  const source = input.values;
  const target = output.values;
  for (let image = 0; image < batch; image++) {
    const offset = image * imageSize;
    lrnScale(source, offset, channels, plane, options, scale);
    for (let index = 0; index < imageSize; index++) target[offset + index] = source[offset + index] * power(scale[index]);
  }
  return output;
}
