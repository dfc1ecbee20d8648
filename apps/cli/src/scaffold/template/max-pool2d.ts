import { poolingOutputShape, type Pool2dOptions } from "@alexnet-ts/engine";
import { ArrayTensor } from "./tensor.js";

/**
 * 2-D max pooling. Padding never wins: only real cells are compared (a window of padding only
 * would give −∞; the output shape rules make sure every window holds a real cell).
 * Shapes: x: [N, C, H, W] → [N, C, Ho, Wo]
 */
export function maxPool2d(x: ArrayTensor, options: Pool2dOptions): ArrayTensor {
  const shape = poolingOutputShape("maxPool2d", x.shape, options);
  const [batch, channels, outputHeight, outputWidth] = shape;
  const [, , height, width] = x.shape;
  const { kernel, stride, padding, dilation } = options;
  const output = new Float32Array(batch * channels * outputHeight * outputWidth);
  let target = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const planeStart = plane * height * width;
    for (let oh = 0; oh < outputHeight; oh++) {
      for (let ow = 0; ow < outputWidth; ow++) {
        let maximum = -Infinity;
        for (let kh = 0; kh < kernel[0]; kh++) {
          const ih = oh * stride[0] - padding[0] + kh * dilation[0];
          if (ih < 0 || ih >= height) continue;
          for (let kw = 0; kw < kernel[1]; kw++) {
            const iw = ow * stride[1] - padding[1] + kw * dilation[1];
            if (iw >= 0 && iw < width) maximum = Math.max(maximum, x.values[planeStart + ih * width + iw]);
          }
        }
        output[target++] = maximum;
      }
    }
  }
  return new ArrayTensor(shape, output);
}
