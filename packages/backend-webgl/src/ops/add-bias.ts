import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "@alexnet-ts/engine";
import { float } from "../runtime/index-code.js";

/** Adds a per-channel bias to [N, C, …] (the channel is axis 1), in one kernel without broadcasting index math. */
export function addBias(device: Device, x: GpuTensor, bias: GpuTensor): GpuTensor {
  if (x.shape.length < 2 || bias.shape.length !== 1 || bias.shape[0] !== x.shape[1]) {
    throw new Error(`addBias: bias ${formatShape(bias.shape)} does not match the channels of ${formatShape(x.shape)}`);
  }
  const channels = x.shape[1];
  const inner = x.shape.slice(2).reduce((product, dimension) => product * dimension, 1);
  return device.run(
    `addBias ${formatShape(x.shape)}`,
    () => `function(x, bias) {
      const plane = Math.floor((this.thread.x + 0.5) / ${float(inner)});
      const channel = plane - Math.floor((plane + 0.5) / ${float(channels)}) * ${float(channels)};
      return x[this.thread.x] + bias[channel];
    }`,
    [x, bias],
    x.shape,
  );
}
