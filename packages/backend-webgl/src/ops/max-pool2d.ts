import type { Pool2dOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape, poolingOutputShape } from "@alexnet-ts/engine";
import { float, splitIndex } from "../runtime/index-code.js";

/** 2-D max pooling; padded cells are skipped, so padding never wins. */
export function maxPool2d(device: Device, x: GpuTensor, options: Pool2dOptions): GpuTensor {
  const shape = poolingOutputShape("maxPool2d", x.shape, options);
  const [, , height, width] = x.shape;
  const { kernel, stride, padding, dilation } = options;
  return device.run(
    `maxPool2d ${formatShape(x.shape)} ${JSON.stringify(options)}`,
    () => `function(x) {
      ${splitIndex("this.thread.x", shape, "o")}
      const plane = (o0 * ${float(shape[1])} + o1) * ${float(height)};
      const top = o2 * ${float(stride[0])} - ${float(padding[0])};
      const left = o3 * ${float(stride[1])} - ${float(padding[1])};
      let maximum = -3.0e38;
      for (let kh = 0; kh < ${kernel[0]}; kh++) {
        const row = top + kh * ${float(dilation[0])};
        if (row >= 0.0 && row < ${float(height)}) {
          for (let kw = 0; kw < ${kernel[1]}; kw++) {
            const column = left + kw * ${float(dilation[1])};
            if (column >= 0.0 && column < ${float(width)}) {
              maximum = Math.max(maximum, x[(plane + row) * ${float(width)} + column]);
            }
          }
        }
      }
      return maximum;
    }`,
    [x],
    shape,
  );
}
