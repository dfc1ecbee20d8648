import type { LocalResponseNormOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "@alexnet-ts/engine";
import { float, splitIndex } from "../runtime/index-code.js";
import { lrnReach } from "./local-response-norm.js";

/**
 * Gradient of local response normalization. With s_j = k + α·Σ_{i∈window(j)} x_i²,
 * dx_c = dy_c·s_c^(−β) − 2αβ·x_c·Σ_{j: c∈window(j)} dy_j·y_j / s_j. Each thread recomputes the s_j it
 * needs (size² squares), which is cheaper than a second pass for AlexNet's size 5.
 */
export function localResponseNormBackward(device: Device, x: GpuTensor, y: GpuTensor, dy: GpuTensor, options: LocalResponseNormOptions): GpuTensor {
  if (x.shape.length !== 4 || y.shape.join() !== x.shape.join() || dy.shape.join() !== x.shape.join()) {
    throw new Error(`localResponseNormBackward: x, y and dy must be one [N, C, H, W] shape, not ${formatShape(x.shape)}, ${formatShape(y.shape)}, ${formatShape(dy.shape)}`);
  }
  const [, channels, height, width] = x.shape;
  const plane = float(height * width);
  const { before, after } = lrnReach(options.size);
  const { size, k, alpha, beta } = options;
  const scaleOf = (channel: string, name: string): string => `
        let ${name} = 0.0;
        for (let m = 0; m < ${size}; m++) {
          const neighbour = ${channel} - ${float(before)} + m;
          if (neighbour >= 0.0 && neighbour < ${float(channels)}) {
            const value = x[this.thread.x + (neighbour - i1) * ${plane}];
            ${name} += value * value;
          }
        }
        ${name} = ${float(k)} + ${float(alpha)} * ${name};`;
  return device.run(
    `localResponseNormBackward ${formatShape(x.shape)} ${JSON.stringify(options)}`,
    () => `function(x, y, dy) {
      ${splitIndex("this.thread.x", x.shape, "i")}
      ${scaleOf("i1", "own")}
      let cross = 0.0;
      for (let j = 0; j < ${size}; j++) {
        const channel = i1 - ${float(after)} + j;
        if (channel >= 0.0 && channel < ${float(channels)}) {
          ${scaleOf("channel", "scale")}
          const offset = this.thread.x + (channel - i1) * ${plane};
          cross += dy[offset] * y[offset] / scale;
        }
      }
      return dy[this.thread.x] * Math.pow(own, ${float(-beta)}) - ${float(2 * alpha * beta)} * x[this.thread.x] * cross;
    }`,
    [x, y, dy],
    x.shape,
  );
}
