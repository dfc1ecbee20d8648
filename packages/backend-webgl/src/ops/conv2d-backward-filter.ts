import type { Conv2dOptions, Shape } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { convolutionOutputShape, formatShape } from "@alexnet-ts/engine";
import { float, splitIndex } from "../runtime/index-code.js";

/** Gradient of conv2d with respect to its filter: each filter cell sums x · dy over the batch and output positions. */
export function conv2dBackwardFilter(device: Device, x: GpuTensor, dy: GpuTensor, filterShape: Shape, options: Conv2dOptions): GpuTensor {
  const outputShape = convolutionOutputShape("conv2dBackwardFilter", x.shape, filterShape, options);
  if (dy.shape.join() !== outputShape.join()) throw new Error(`conv2dBackwardFilter: dy is ${formatShape(dy.shape)}, but the convolution gives ${formatShape(outputShape)}`);
  const [batch, channels, height, width] = x.shape;
  const [, outputChannels, outputHeight, outputWidth] = outputShape;
  const groupChannels = filterShape[1];
  const groupOutputs = outputChannels / options.groups;
  const { stride, padding, dilation } = options;
  return device.run(
    `conv2dBackwardFilter ${formatShape(x.shape)} ${formatShape(dy.shape)} ${formatShape(filterShape)} ${JSON.stringify(options)}`,
    () => `function(x, dy) {
      ${splitIndex("this.thread.x", filterShape, "f")}
      const group = Math.floor((f0 + 0.5) / ${float(groupOutputs)});
      const channel = group * ${float(groupChannels)} + f1;
      const rowShift = f2 * ${float(dilation[0])} - ${float(padding[0])};
      const columnShift = f3 * ${float(dilation[1])} - ${float(padding[1])};
      let sum = 0.0;
      for (let n = 0; n < ${batch}; n++) {
        const plane = (n * ${float(channels)} + channel) * ${float(height)};
        const outputPlane = (n * ${float(outputChannels)} + f0) * ${float(outputHeight)};
        for (let oh = 0; oh < ${outputHeight}; oh++) {
          const row = oh * ${float(stride[0])} + rowShift;
          if (row >= 0.0 && row < ${float(height)}) {
            for (let ow = 0; ow < ${outputWidth}; ow++) {
              const column = ow * ${float(stride[1])} + columnShift;
              if (column >= 0.0 && column < ${float(width)}) {
                sum += x[(plane + row) * ${float(width)} + column] * dy[(outputPlane + oh) * ${float(outputWidth)} + ow];
              }
            }
          }
        }
      }
      return sum;
    }`,
    [x, dy],
    filterShape,
  );
}
