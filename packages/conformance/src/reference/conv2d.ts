import { convolutionOutputShape, type Conv2dOptions } from "@alexnet-ts/engine";
import { referenceTensor, type ReferenceTensor } from "./tensor.js";

/** 2-D cross-correlation with stride, asymmetric padding, dilation and groups; no bias. */
export function referenceConv2d(x: ReferenceTensor, filter: ReferenceTensor, options: Conv2dOptions): ReferenceTensor {
  const [batch, outputChannels, outputHeight, outputWidth] = convolutionOutputShape("conv2d", x.shape, filter.shape, options);
  const [, channels, height, width] = x.shape;
  const [, groupChannels, kernelHeight, kernelWidth] = filter.shape;
  const outputsPerGroup = outputChannels / options.groups;
  const output = referenceTensor([batch, outputChannels, outputHeight, outputWidth]);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outputChannels; o++) {
      const firstChannel = Math.floor(o / outputsPerGroup) * groupChannels;
      for (let oh = 0; oh < outputHeight; oh++) {
        for (let ow = 0; ow < outputWidth; ow++) {
          let sum = 0;
          for (let ci = 0; ci < groupChannels; ci++) {
            for (let kh = 0; kh < kernelHeight; kh++) {
              const ih = oh * options.stride[0] - options.padding[0] + kh * options.dilation[0];
              if (ih < 0 || ih >= height) continue;
              for (let kw = 0; kw < kernelWidth; kw++) {
                const iw = ow * options.stride[1] - options.padding[1] + kw * options.dilation[1];
                if (iw < 0 || iw >= width) continue;
                const input = x.data[((n * channels + firstChannel + ci) * height + ih) * width + iw];
                const weight = filter.data[((o * groupChannels + ci) * kernelHeight + kh) * kernelWidth + kw];
                sum += input * weight;
              }
            }
          }
          output.data[((n * outputChannels + o) * outputHeight + oh) * outputWidth + ow] = sum;
        }
      }
    }
  }
  return output;
}
