import type { Backend, Shape, Tensor } from "../backend.js";
import type { Conv2dOptions } from "../backend-options.js";
import { checkConvGeometry } from "./conv-geometry.js";
import { spreadByStride } from "./layout.js";
import { withTemporaries } from "./temporaries.js";

/**
 * Gradient of conv2d with respect to its input, as a forward conv2d: the output gradient spread
 * apart by the stride, cropped or zero-padded so that every input row sees the output rows it fed,
 * convolved with the filter flipped in space and with its in/out channels swapped per group.
 * Input rows the forward pass never read (when the padded size minus the kernel is not a multiple
 * of the stride) come out as zeros, because the spread gradient is padded with zeros there.
 *
 * Shapes: dy: [N, O, Ho, Wo], filter: [O, C / groups, kH, kW] → inputShape [N, C, H, W]
 */
export function conv2dBackwardInput<T extends Tensor>(
  backend: Backend<T>,
  dy: T,
  filter: T,
  inputShape: Shape,
  options: Conv2dOptions,
): T {
  checkConvGeometry("conv2dBackwardInput", inputShape, filter.shape, dy.shape, options);
  const [batch, , height, width] = inputShape;
  const [outputChannels, , kernelHeight, kernelWidth] = filter.shape;
  const { groups } = options;
  const [strideHeight, strideWidth] = options.stride;
  const [padTop, padLeft] = options.padding;
  const [dilationHeight, dilationWidth] = options.dilation;

  return withTemporaries(backend, (temporary) => {
    const spread = strideHeight * strideWidth > 1 ? temporary(spreadByStride(backend, dy, strideHeight, strideWidth)) : dy;
    const [, , spreadHeight, spreadWidth] = spread.shape;
    // Input row h received output rows whose spread index lies in h + padTop − dilation·(k − 1) … h + padTop.
    const rows = cropAndPad(padTop - dilationHeight * (kernelHeight - 1), padTop + height, spreadHeight);
    const columns = cropAndPad(padLeft - dilationWidth * (kernelWidth - 1), padLeft + width, spreadWidth);
    const cropped =
      rows.crop[0] + rows.crop[1] + columns.crop[0] + columns.crop[1] > 0
        ? temporary(
            backend.slice(
              spread,
              { begin: [0, 0, rows.crop[0], columns.crop[0]], size: [batch, outputChannels, spreadHeight - rows.crop[0] - rows.crop[1], spreadWidth - columns.crop[0] - columns.crop[1]], step: [1, 1, 1, 1] },
            ),
          )
        : spread;
    const transposedFilter = temporary(flippedGroupTransposedFilter(backend, filter, groups));
    return backend.conv2d(cropped, transposedFilter, {
      stride: [1, 1],
      padding: [rows.pad[0], columns.pad[0], rows.pad[1], columns.pad[1]],
      dilation: options.dilation,
      groups,
    });
  });
}

/** How to turn [0, length) into [first, end): crop (before, after) what is outside, zero-pad what is missing. */
function cropAndPad(first: number, end: number, length: number): { crop: [number, number]; pad: [number, number] } {
  return {
    crop: [Math.max(0, first), Math.max(0, length - end)],
    pad: [Math.max(0, -first), Math.max(0, end - length)],
  };
}

/** [O, C / g, kH, kW] → [C, O / g, kH, kW], reversed along kH and kW: the adjoint's filter. */
function flippedGroupTransposedFilter<T extends Tensor>(backend: Backend<T>, filter: T, groups: number): T {
  const [outputChannels, groupChannels, kernelHeight, kernelWidth] = filter.shape;
  const groupOutputChannels = outputChannels / groups;
  return withTemporaries(backend, (temporary) => {
    const grouped = temporary(backend.reshape(filter, [groups, groupOutputChannels, groupChannels, kernelHeight, kernelWidth]));
    const swapped = temporary(backend.transpose(grouped, [0, 2, 1, 3, 4]));
    const merged = temporary(backend.reshape(swapped, [groups * groupChannels, groupOutputChannels, kernelHeight, kernelWidth]));
    return backend.slice(
      merged,
      { begin: [0, 0, kernelHeight - 1, kernelWidth - 1], size: [groups * groupChannels, groupOutputChannels, kernelHeight, kernelWidth], step: [1, 1, -1, -1] },
    );
  });
}
