import { convolutionOutputShape, type Conv2dOptions } from "@alexnet-ts/engine";
import { referenceTensor, requireSameShape, type ReferenceTensor } from "./tensor.js";

/** Gradient of conv2d with respect to its filter: the forward loop with the accumulation reversed. */
export function referenceConv2dBackwardFilter(x: ReferenceTensor, dy: ReferenceTensor, filterShape: readonly number[], options: Conv2dOptions): ReferenceTensor {
  const outputShape = convolutionOutputShape("conv2dBackwardFilter", x.shape, filterShape, options);
  requireSameShape("conv2dBackwardFilter", "dy and the forward output", dy.shape, outputShape);
  const [batch, outputChannels, outputHeight, outputWidth] = outputShape;
  const [, channels, height, width] = x.shape;
  const [, groupChannels, kernelHeight, kernelWidth] = filterShape;
  const outputsPerGroup = outputChannels / options.groups;
  const dw = referenceTensor(filterShape);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outputChannels; o++) {
      const firstChannel = Math.floor(o / outputsPerGroup) * groupChannels;
      for (let oh = 0; oh < outputHeight; oh++) {
        for (let ow = 0; ow < outputWidth; ow++) {
          const gradient = dy.data[((n * outputChannels + o) * outputHeight + oh) * outputWidth + ow];
          for (let ci = 0; ci < groupChannels; ci++) {
            for (let kh = 0; kh < kernelHeight; kh++) {
              const ih = oh * options.stride[0] - options.padding[0] + kh * options.dilation[0];
              if (ih < 0 || ih >= height) continue;
              for (let kw = 0; kw < kernelWidth; kw++) {
                const iw = ow * options.stride[1] - options.padding[1] + kw * options.dilation[1];
                if (iw < 0 || iw >= width) continue;
                const input = x.data[((n * channels + firstChannel + ci) * height + ih) * width + iw];
                dw.data[((o * groupChannels + ci) * kernelHeight + kh) * kernelWidth + kw] += gradient * input;
              }
            }
          }
        }
      }
    }
  }
  return dw;
}
