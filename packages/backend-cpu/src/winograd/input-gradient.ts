import type { ConvGeometry } from "../geometry.js";
import { scratch } from "../storage.js";
import { transformFlippedFilters } from "./filter-transform.js";
import { convolveTransformed } from "./forward.js";
import { tilePositions } from "./tiles.js";

/**
 * dx = conv2d's input gradient by Winograd: for stride 1 and dilation 1 it is itself a 3×3
 * convolution — of dy, padded by 2 − pad on each side (negative: cropped), with each filter
 * rotated by 180° and input and output channels swapped within each group — so the forward
 * path computes it. Overwrites dx.
 */
export function winogradInputGradient(geometry: ConvGeometry, dy: Float32Array, filter: Float32Array, dx: Float32Array): void {
  const { channels, outChannels, groups, groupChannels, groupOutChannels, height, width, outputHeight, outputWidth } = geometry;
  const count = outChannels * groupChannels;
  const transformed = scratch("winograd-filter", tilePositions * count);
  transformFlippedFilters(filter, outChannels, groupChannels, groups, transformed);
  const transposed: ConvGeometry = {
    ...geometry,
    channels: outChannels, height: outputHeight, width: outputWidth,
    outChannels: channels, groupChannels: groupOutChannels, groupOutChannels: groupChannels,
    outputHeight: height, outputWidth: width,
    padTop: 2 - geometry.padTop, padLeft: 2 - geometry.padLeft, padBottom: 2 - geometry.padBottom, padRight: 2 - geometry.padRight,
  };
  convolveTransformed(transposed, dy, transformed, dx);
}
