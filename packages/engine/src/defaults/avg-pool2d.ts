import type { Backend, Tensor } from "../backend.js";
import type { AvgPool2dOptions } from "../backend-options.js";
import { avgPoolGeometry } from "./avg-pool-geometry.js";
import { formatShape } from "@alexnet-ts/ir/shape";
import { withTemporaries } from "./temporaries.js";

/**
 * Average pooling as a conv2d of every channel (folded into the batch) with a ones filter, which
 * sums each window with zero padding, times the uploaded reciprocal of each window's divisor.
 *
 * Shapes: x: [N, C, H, W] → [N, C, Ho, Wo]
 */
export function avgPool2d<T extends Tensor>(backend: Backend<T>, x: T, options: AvgPool2dOptions): T {
  if (x.shape.length !== 4) throw new Error(`avgPool2d: x ${formatShape(x.shape)} is not [N, C, H, W]`);
  const [batch, channels, height, width] = x.shape;
  const geometry = avgPoolGeometry(x.shape, options);
  if (geometry.outputHeight < 1 || geometry.outputWidth < 1) {
    throw new Error(`avgPool2d: the window does not fit x ${formatShape(x.shape)} with this kernel, padding and dilation`);
  }
  return withTemporaries(backend, (temporary) => {
    const planes = temporary(backend.reshape(x, [batch * channels, 1, height, width]));
    const ones = temporary(backend.fill([1, 1, options.kernel[0], options.kernel[1]], 1));
    const sums = temporary(backend.conv2d(planes, ones, geometry.sumOptions));
    const unfolded = temporary(backend.reshape(sums, [batch, channels, geometry.outputHeight, geometry.outputWidth]));
    const reciprocals = temporary(backend.upload(geometry.reciprocalDivisors, [geometry.outputHeight, geometry.outputWidth]));
    return backend.binary("multiply", unfolded, reciprocals);
  });
}
