import type { SgdOptions } from "@alexnet-ts/engine";
import type { Device } from "../runtime/device.js";
import type { GpuTensor } from "../runtime/gpu-tensor.js";
import { formatShape } from "../runtime/geometry.js";
import { float } from "../runtime/index-code.js";

/**
 * One SGD step (PyTorch's formulation) in two kernels instead of the default's six elementwise
 * passes: v' = momentum·v + g + weightDecay·p, then p' = p − learningRate·v'. The hyperparameters
 * are compiled in, so a new learning rate compiles new kernels once per parameter shape.
 */
export function sgdUpdate(device: Device, parameter: GpuTensor, gradient: GpuTensor, velocity: GpuTensor, options: SgdOptions): { parameter: GpuTensor; velocity: GpuTensor } {
  if (gradient.shape.join() !== parameter.shape.join() || velocity.shape.join() !== parameter.shape.join()) {
    throw new Error(`sgdUpdate: parameter ${formatShape(parameter.shape)}, gradient ${formatShape(gradient.shape)} and velocity ${formatShape(velocity.shape)} should have one shape`);
  }
  const { learningRate, momentum, weightDecay } = options;
  const nextVelocity = device.run(
    `sgdVelocity ${parameter.size} ${momentum} ${weightDecay}`,
    () => `function(parameter, gradient, velocity) {
      const index = this.thread.x;
      return ${float(momentum)} * velocity[index] + gradient[index] + ${float(weightDecay)} * parameter[index];
    }`,
    [parameter, gradient, velocity],
    parameter.shape,
    { integerIndexing: true },
  );
  const nextParameter = device.run(
    `sgdParameter ${parameter.size} ${learningRate}`,
    () => `function(parameter, velocity) {
      const index = this.thread.x;
      return parameter[index] - ${float(learningRate)} * velocity[index];
    }`,
    [parameter, nextVelocity],
    parameter.shape,
    { integerIndexing: true },
  );
  return { parameter: nextParameter, velocity: nextVelocity };
}
