import type { Conv2dOptions, Shape } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { convolutionOutputShape, formatShape } from "@alexnet-ts/engine";
import { float, splitIndex } from "../runtime/index-code.js";

/**
 * Gradient of conv2d with respect to its input, as a gather: each input cell sums dy over the
 * output cells whose window covered it (those where the stride divides the offset exactly), so no
 * two threads write one cell and no atomics are needed.
 */
export function conv2dBackwardInput(device: Device, dy: GpuTensor, filter: GpuTensor, inputShape: Shape, options: Conv2dOptions): GpuTensor {
  const outputShape = convolutionOutputShape("conv2dBackwardInput", inputShape, filter.shape, options);
  if (dy.shape.join() !== outputShape.join()) throw new Error(`conv2dBackwardInput: dy is ${formatShape(dy.shape)}, but the convolution gives ${formatShape(outputShape)}`);
  const [, outputChannels, outputHeight, outputWidth] = outputShape;
  const [, groupChannels, kernelHeight, kernelWidth] = filter.shape;
  const groupOutputs = outputChannels / options.groups;
  const { stride, padding, dilation } = options;
  return device.run(
    `conv2dBackwardInput ${formatShape(dy.shape)} ${formatShape(filter.shape)} ${formatShape(inputShape)} ${JSON.stringify(options)}`,
    () => `function(dy, filter) {
      ${splitIndex("this.thread.x", inputShape, "i")}
      const group = Math.floor((i1 + 0.5) / ${float(groupChannels)});
      const channel = i1 - group * ${float(groupChannels)};
      let sum = 0.0;
      for (let kh = 0; kh < ${kernelHeight}; kh++) {
        const rowOffset = i2 + ${float(padding[0])} - kh * ${float(dilation[0])};
        const row = Math.floor((rowOffset + 0.5) / ${float(stride[0])});
        if (rowOffset >= 0.0 && row * ${float(stride[0])} == rowOffset && row < ${float(outputHeight)}) {
          for (let kw = 0; kw < ${kernelWidth}; kw++) {
            const columnOffset = i3 + ${float(padding[1])} - kw * ${float(dilation[1])};
            const column = Math.floor((columnOffset + 0.5) / ${float(stride[1])});
            if (columnOffset >= 0.0 && column * ${float(stride[1])} == columnOffset && column < ${float(outputWidth)}) {
              for (let o = 0; o < ${groupOutputs}; o++) {
                const outputChannel = group * ${float(groupOutputs)} + o;
                sum += dy[((i0 * ${float(outputChannels)} + outputChannel) * ${float(outputHeight)} + row) * ${float(outputWidth)} + column]
                  * filter[((outputChannel * ${float(groupChannels)} + channel) * ${float(kernelHeight)} + kh) * ${float(kernelWidth)} + kw];
              }
            }
          }
        }
      }
      return sum;
    }`,
    [dy, filter],
    inputShape,
  );
}
