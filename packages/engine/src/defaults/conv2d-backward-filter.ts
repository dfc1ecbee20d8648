import type { Backend, Shape, Tensor } from "../backend.js";
import type { Conv2dOptions } from "../backend-options.js";
import { checkConvGeometry } from "./conv-geometry.js";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of conv2d with respect to its filter, as one forward conv2d in which the batch axis
 * is contracted: the input becomes [C / g, g·N, H, W] (batch and group merged into channels), the
 * output gradient [O, N, Ho, Wo] is the filter, grouped by the forward groups, with the forward
 * padding, stride = forward dilation and dilation = forward stride. Its [C / g, O, ≥kH, ≥kW] result
 * is cropped to the kernel (rows past it only arise when the stride skips the last input rows)
 * and transposed to [O, C / g, kH, kW].
 *
 * Shapes: x: [N, C, H, W], dy: [N, O, Ho, Wo] → filterShape [O, C / groups, kH, kW]
 */
export function conv2dBackwardFilter<T extends Tensor>(
  backend: Backend<T>,
  x: T,
  dy: T,
  filterShape: Shape,
  options: Conv2dOptions,
): T {
  checkConvGeometry("conv2dBackwardFilter", x.shape, filterShape, dy.shape, options);
  const [batch, , height, width] = x.shape;
  const [outputChannels, groupChannels, kernelHeight, kernelWidth] = filterShape;
  const { groups } = options;
  return withTemporaries(backend, (temporary) => {
    let channelsFirst: T;
    if (groups === 1) {
      channelsFirst = temporary(backend.transpose(x, [1, 0, 2, 3]));
    } else {
      const grouped = temporary(backend.reshape(x, [batch, groups, groupChannels, height, width]));
      const swapped = temporary(backend.transpose(grouped, [2, 1, 0, 3, 4]));
      channelsFirst = temporary(backend.reshape(swapped, [groupChannels, groups * batch, height, width]));
    }
    const gradientFilter = temporary(backend.transpose(dy, [1, 0, 2, 3]));
    const correlation = temporary(
      backend.conv2d(channelsFirst, gradientFilter, {
        stride: options.dilation,
        padding: options.padding,
        dilation: options.stride,
        groups,
      }),
    );
    const [, , correlationHeight, correlationWidth] = correlation.shape;
    const cropped =
      correlationHeight !== kernelHeight || correlationWidth !== kernelWidth
        ? temporary(backend.slice(correlation, { begin: [0, 0, 0, 0], size: [groupChannels, outputChannels, kernelHeight, kernelWidth], step: [1, 1, 1, 1] }))
        : correlation;
    return backend.transpose(cropped, [1, 0, 2, 3]);
  });
}
