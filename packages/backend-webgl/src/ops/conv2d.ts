import type { Conv2dOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { convolutionOutputShape, formatShape } from "@alexnet-ts/engine";
import { float, splitIndex } from "../runtime/index-code.js";

/**
 * 2-D convolution, optionally with a bias and a ReLU fused in (the same kernel, so the fused form
 * costs nothing extra). Direct form: each thread sums one output cell over its group's channels and
 * the filter window, skipping padding.
 */
export function conv2dFused(device: Device, x: GpuTensor, filter: GpuTensor, bias: GpuTensor | undefined, options: Conv2dOptions, activation: "none" | "relu"): GpuTensor {
  const op = bias === undefined && activation === "none" ? "conv2d" : "conv2dBiasActivation";
  const shape = convolutionOutputShape(op, x.shape, filter.shape, options);
  if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== shape[1])) throw new Error(`${op}: bias must be [${shape[1]}], not ${formatShape(bias.shape)}`);
  const [, channels, height, width] = x.shape;
  const [outputChannels, groupChannels, kernelHeight, kernelWidth] = filter.shape;
  const groupOutputs = outputChannels / options.groups;
  const { stride, padding, dilation } = options;
  const inputs = bias === undefined ? [x, filter] : [x, filter, bias];
  return device.run(
    `${op} ${formatShape(x.shape)} ${formatShape(filter.shape)} ${JSON.stringify(options)} ${bias !== undefined} ${activation}`,
    () => `function(x, filter${bias === undefined ? "" : ", bias"}) {
      ${splitIndex("this.thread.x", shape, "o")}
      const group = Math.floor((o1 + 0.5) / ${float(groupOutputs)});
      const top = o2 * ${float(stride[0])} - ${float(padding[0])};
      const left = o3 * ${float(stride[1])} - ${float(padding[1])};
      let sum = ${bias === undefined ? "0.0" : "bias[o1]"};
      for (let c = 0; c < ${groupChannels}; c++) {
        const plane = (o0 * ${float(channels)} + group * ${float(groupChannels)} + c) * ${float(height)};
        const filterPlane = (o1 * ${float(groupChannels)} + c) * ${float(kernelHeight)};
        for (let kh = 0; kh < ${kernelHeight}; kh++) {
          const row = top + kh * ${float(dilation[0])};
          if (row >= 0.0 && row < ${float(height)}) {
            for (let kw = 0; kw < ${kernelWidth}; kw++) {
              const column = left + kw * ${float(dilation[1])};
              if (column >= 0.0 && column < ${float(width)}) {
                sum += x[(plane + row) * ${float(width)} + column] * filter[(filterPlane + kh) * ${float(kernelWidth)} + kw];
              }
            }
          }
        }
      }
      ${activation === "relu" ? "return Math.max(sum, 0.0);" : "return sum;"}
    }`,
    inputs,
    shape,
  );
}

/** 2-D convolution (cross-correlation), no bias. */
export function conv2d(device: Device, x: GpuTensor, filter: GpuTensor, options: Conv2dOptions): GpuTensor {
  return conv2dFused(device, x, filter, undefined, options, "none");
}
