import type { Backend, Shape, Tensor } from "../backend.js";
import type { AvgPool2dOptions } from "../backend-options.js";
import { avgPoolGeometry } from "./avg-pool-geometry.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of average pooling: dy divided by each window's divisor, then the adjoint of the
 * forward's ones-filter conv2d (`backend.conv2dBackwardInput`) on every channel.
 *
 * Shapes: dy: [N, C, Ho, Wo] → inputShape [N, C, H, W]
 */
export function avgPool2dBackward<T extends Tensor>(backend: Backend<T>, dy: T, inputShape: Shape, options: AvgPool2dOptions): T {
  const [batch, channels, height, width] = inputShape;
  const geometry = avgPoolGeometry(inputShape, options);
  const expected = [batch, channels, geometry.outputHeight, geometry.outputWidth];
  if (inputShape.length !== 4 || dy.shape.length !== 4 || dy.shape.some((dimension, axis) => dimension !== expected[axis])) {
    throw new Error(
      `avgPool2dBackward: dy ${formatShape(dy.shape)} does not match the pooling of input shape ${formatShape(inputShape)}, ` +
        `which gives ${formatShape(expected)}`,
    );
  }
  return withTemporaries(backend, (temporary) => {
    const reciprocals = temporary(backend.upload(geometry.reciprocalDivisors, [geometry.outputHeight, geometry.outputWidth]));
    const scaled = temporary(backend.binary("multiply", dy, reciprocals));
    const planes = temporary(backend.reshape(scaled, [batch * channels, 1, geometry.outputHeight, geometry.outputWidth]));
    const ones = temporary(backend.fill([1, 1, options.kernel[0], options.kernel[1]], 1));
    const gradient = temporary(backend.conv2dBackwardInput(planes, ones, [batch * channels, 1, height, width], geometry.sumOptions));
    return backend.reshape(gradient, inputShape);
  });
}
