import type { SgdOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "@alexnet-ts/engine";
import { float } from "../runtime/index-code.js";

/**
 * One SGD step (PyTorch's formulation) in two kernels instead of the default's six elementwise
 * passes: v' = momentum·v + g + weightDecay·p, then p' = p − learningRate·v'. The hyperparameters
 * are compiled in, so a new learning rate compiles new kernels once per parameter shape. Indices
 * are `this.thread.x` itself: copied into a local, gpu.js's WGSL types it f32, which rounds indices
 * past 2^24 (fc6's weight has 37.7 M elements).
 */
export function sgdUpdate(device: Device, parameter: GpuTensor, gradient: GpuTensor, velocity: GpuTensor, options: SgdOptions): { parameter: GpuTensor; velocity: GpuTensor } {
  if (gradient.shape.join() !== parameter.shape.join() || velocity.shape.join() !== parameter.shape.join()) {
    throw new Error(`sgdUpdate: parameter ${formatShape(parameter.shape)}, gradient ${formatShape(gradient.shape)} and velocity ${formatShape(velocity.shape)} should have one shape`);
  }
  const { learningRate, momentum, weightDecay } = options;
  const nextVelocity = device.run(
    `sgdVelocity ${parameter.size} ${momentum} ${weightDecay}`,
    () => `function(parameter, gradient, velocity) {
      return ${float(momentum)} * velocity[this.thread.x] + gradient[this.thread.x] + ${float(weightDecay)} * parameter[this.thread.x];
    }`,
    [parameter, gradient, velocity],
    parameter.shape,
    { integerIndexing: true },
  );
  const nextParameter = device.run(
    `sgdParameter ${parameter.size} ${learningRate}`,
    () => `function(parameter, velocity) {
      return parameter[this.thread.x] - ${float(learningRate)} * velocity[this.thread.x];
    }`,
    [parameter, nextVelocity],
    parameter.shape,
    { integerIndexing: true },
  );
  return { parameter: nextParameter, velocity: nextVelocity };
}
