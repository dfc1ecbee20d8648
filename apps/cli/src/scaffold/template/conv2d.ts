import { convolutionOutputShape, type Conv2dOptions } from "@alexnet-ts/engine";
import { ArrayTensor } from "./tensor.js";

/**
 * 2-D convolution (cross-correlation) with stride, asymmetric padding, dilation and groups; no bias.
 * Shapes: x: [N, C, H, W], filter: [O, C / groups, kH, kW] → [N, O, Ho, Wo]
 */
export function conv2d(x: ArrayTensor, filter: ArrayTensor, options: Conv2dOptions): ArrayTensor {
  const shape = convolutionOutputShape("conv2d", x.shape, filter.shape, options);
  const [batch, outputChannels, outputHeight, outputWidth] = shape;
  const [, channels, height, width] = x.shape;
  const [, groupChannels, kernelHeight, kernelWidth] = filter.shape;
  const { stride, padding, dilation } = options;
  const outputsPerGroup = outputChannels / options.groups;
  const output = new Float32Array(batch * outputChannels * outputHeight * outputWidth);
  let target = 0;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outputChannels; o++) {
      // Output channel o of group g sees only that group's input channels.
      const firstChannel = Math.floor(o / outputsPerGroup) * groupChannels;
      for (let oh = 0; oh < outputHeight; oh++) {
        for (let ow = 0; ow < outputWidth; ow++) {
          let sum = 0;
          for (let c = 0; c < groupChannels; c++) {
            for (let kh = 0; kh < kernelHeight; kh++) {
              const ih = oh * stride[0] - padding[0] + kh * dilation[0];
              if (ih < 0 || ih >= height) continue;
              for (let kw = 0; kw < kernelWidth; kw++) {
                const iw = ow * stride[1] - padding[1] + kw * dilation[1];
                if (iw < 0 || iw >= width) continue;
                const input = x.values[((n * channels + firstChannel + c) * height + ih) * width + iw];
                sum += input * filter.values[((o * groupChannels + c) * kernelHeight + kh) * kernelWidth + kw];
              }
            }
          }
          output[target++] = sum;
        }
      }
    }
  }
  return new ArrayTensor(shape, output);
}
