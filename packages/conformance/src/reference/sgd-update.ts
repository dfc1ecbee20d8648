import type { SgdOptions } from "@alexnet-ts/engine";
import { referenceTensor, requireSameShape, type ReferenceTensor } from "./tensor.js";

/** PyTorch's SGD step: g' = g + weightDecay·p; v ← momentum·v + g'; p ← p − learningRate·v. */
export function referenceSgdUpdate(
  parameter: ReferenceTensor,
  gradient: ReferenceTensor,
  velocity: ReferenceTensor,
  options: SgdOptions,
): { parameter: ReferenceTensor; velocity: ReferenceTensor } {
  requireSameShape("sgdUpdate", "parameter and gradient", parameter.shape, gradient.shape);
  requireSameShape("sgdUpdate", "parameter and velocity", parameter.shape, velocity.shape);
  const newParameter = referenceTensor(parameter.shape);
  const newVelocity = referenceTensor(parameter.shape);
  for (let index = 0; index < parameter.data.length; index++) {
    const decayed = gradient.data[index] + options.weightDecay * parameter.data[index];
    newVelocity.data[index] = options.momentum * velocity.data[index] + decayed;
    newParameter.data[index] = parameter.data[index] - options.learningRate * newVelocity.data[index];
  }
  return { parameter: newParameter, velocity: newVelocity };
}
