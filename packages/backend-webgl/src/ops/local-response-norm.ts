import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "@alexnet-ts/engine";
import { float, splitIndex } from "../runtime/index-code.js";

/** The channels c − before … c + after that normalize channel c (clipped to [0, C) in the kernel). */
export function lrnReach(size: number): { before: number; after: number } {
  return { before: Math.floor((size - 1) / 2), after: Math.ceil((size - 1) / 2) };
}

/** Local response normalization across channels: y = x / (k + α·Σ x²)^β, one output per thread. */
export function localResponseNorm(device: Device, x: GpuTensor, options: LocalResponseNormOptions): GpuTensor {
  if (x.shape.length !== 4) throw new Error(`localResponseNorm: input must be [N, C, H, W], not ${formatShape(x.shape)}`);
  const [, channels, height, width] = x.shape;
  const plane = height * width;
  const { before } = lrnReach(options.size);
  return device.run(
    `localResponseNorm ${formatShape(x.shape)} ${JSON.stringify(options)}`,
    () => `function(x) {
      ${splitIndex("this.thread.x", x.shape, "i")}
      let squares = 0.0;
      for (let j = 0; j < ${options.size}; j++) {
        const channel = i1 - ${float(before)} + j;
        if (channel >= 0.0 && channel < ${float(channels)}) {
          const value = x[this.thread.x + (channel - i1) * ${float(plane)}];
          squares += value * value;
        }
      }
      return x[this.thread.x] / Math.pow(${float(options.k)} + ${float(options.alpha)} * squares, ${float(options.beta)});
    }`,
    [x],
    x.shape,
  );
}
