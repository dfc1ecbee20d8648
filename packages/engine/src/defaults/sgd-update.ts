import type { Backend, Tensor } from "../backend.js";
import type { SgdOptions } from "../backend-options.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * One SGD step, PyTorch's formulation: g' = g + weightDecay·p; v ← momentum·v + g';
 * p ← p − learningRate·v. The weight-decay term is skipped when it is zero.
 *
 * Shapes: parameter, gradient, velocity: any (the same) → the same
 */
export function sgdUpdate<T extends Tensor>(
  backend: Backend<T>,
  parameter: T,
  gradient: T,
  velocity: T,
  options: SgdOptions,
): { parameter: T; velocity: T } {
  const sameShape = (tensor: T) =>
    tensor.shape.length === parameter.shape.length && tensor.shape.every((dimension, axis) => dimension === parameter.shape[axis]);
  if (!sameShape(gradient) || !sameShape(velocity)) {
    throw new Error(
      `sgdUpdate: parameter ${formatShape(parameter.shape)}, gradient ${formatShape(gradient.shape)} and velocity ${formatShape(velocity.shape)} should have one shape`,
    );
  }
  const { learningRate, momentum, weightDecay } = options;
  return withTemporaries(backend, (temporary) => {
    const scalar = (value: number) => temporary(backend.fill([], value));
    const decayed =
      weightDecay === 0
        ? gradient
        : temporary(backend.binary("add", gradient, temporary(backend.binary("multiply", parameter, scalar(weightDecay)))));
    const nextVelocity = backend.binary("add", temporary(backend.binary("multiply", velocity, scalar(momentum))), decayed);
    const step = temporary(backend.binary("multiply", nextVelocity, scalar(learningRate)));
    return { parameter: backend.binary("subtract", parameter, step), velocity: nextVelocity };
  });
}
