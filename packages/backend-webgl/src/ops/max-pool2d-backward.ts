import type { Pool2dOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape, poolingOutputShape } from "@alexnet-ts/engine";
import { float, splitIndex } from "../runtime/index-code.js";

/**
 * Gradient of max pooling as a gather: each input cell visits the windows that cover it, finds
 * each window's first maximum (row-major, strict `>` keeps the first) and takes that window's dy
 * when the maximum is this cell. No scatter, so no write conflicts.
 */
export function maxPool2dBackward(device: Device, x: GpuTensor, y: GpuTensor, dy: GpuTensor, options: Pool2dOptions): GpuTensor {
  const outputShape = poolingOutputShape("maxPool2dBackward", x.shape, options);
  if (dy.shape.join() !== outputShape.join() || y.shape.join() !== outputShape.join()) {
    throw new Error(`maxPool2dBackward: y ${formatShape(y.shape)} and dy ${formatShape(dy.shape)} must be the pooled shape ${formatShape(outputShape)}`);
  }
  const [, , height, width] = x.shape;
  const [, , outputHeight, outputWidth] = outputShape;
  const { kernel, stride, padding, dilation } = options;
  return device.run(
    `maxPool2dBackward ${formatShape(x.shape)} ${JSON.stringify(options)}`,
    () => `function(x, dy) {
      ${splitIndex("this.thread.x", x.shape, "i")}
      const plane = i0 * ${float(x.shape[1])} + i1;
      let sum = 0.0;
      for (let kh = 0; kh < ${kernel[0]}; kh++) {
        const rowOffset = i2 + ${float(padding[0])} - kh * ${float(dilation[0])};
        const outputRow = Math.floor((rowOffset + 0.5) / ${float(stride[0])});
        if (rowOffset >= 0.0 && outputRow * ${float(stride[0])} == rowOffset && outputRow < ${float(outputHeight)}) {
          for (let kw = 0; kw < ${kernel[1]}; kw++) {
            const columnOffset = i3 + ${float(padding[1])} - kw * ${float(dilation[1])};
            const outputColumn = Math.floor((columnOffset + 0.5) / ${float(stride[1])});
            if (columnOffset >= 0.0 && outputColumn * ${float(stride[1])} == columnOffset && outputColumn < ${float(outputWidth)}) {
              const top = outputRow * ${float(stride[0])} - ${float(padding[0])};
              const left = outputColumn * ${float(stride[1])} - ${float(padding[1])};
              let best = -3.0e38;
              let bestRow = -1.0;
              let bestColumn = -1.0;
              for (let wh = 0; wh < ${kernel[0]}; wh++) {
                const row = top + wh * ${float(dilation[0])};
                if (row >= 0.0 && row < ${float(height)}) {
                  for (let ww = 0; ww < ${kernel[1]}; ww++) {
                    const column = left + ww * ${float(dilation[1])};
                    if (column >= 0.0 && column < ${float(width)}) {
                      const value = x[(plane * ${float(height)} + row) * ${float(width)} + column];
                      if (value > best || bestRow < 0.0) {
                        best = value;
                        bestRow = row;
                        bestColumn = column;
                      }
                    }
                  }
                }
              }
              if (bestRow == i2 && bestColumn == i3) {
                sum += dy[(plane * ${float(outputHeight)} + outputRow) * ${float(outputWidth)} + outputColumn];
              }
            }
          }
        }
      }
      return sum;
    }`,
    [x, dy],
    x.shape,
  );
}
