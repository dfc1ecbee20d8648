import type { Shape } from "../backend.js";
import type { Conv2dOptions } from "../backend-options.js";
import { formatShape, windowOutputSize } from "@alexnet-ts/ir/shape";

/**
 * Checks that x (or its shape), a filter shape and dy fit one conv2d, and throws one clear line
 * naming `op` otherwise: the backward defaults would otherwise return a tensor of the right shape
 * computed from the wrong geometry.
 */
export function checkConvGeometry(op: string, inputShape: Shape, filterShape: Shape, dyShape: Shape, options: Conv2dOptions): void {
  const fail = (problem: string): never => {
    throw new Error(
      `${op}: ${problem} (input ${formatShape(inputShape)}, filter ${formatShape(filterShape)}, dy ${formatShape(dyShape)}, ` +
        `stride ${formatShape(options.stride)}, padding ${formatShape(options.padding)}, dilation ${formatShape(options.dilation)}, groups ${options.groups})`,
    );
  };
  if (inputShape.length !== 4 || filterShape.length !== 4 || dyShape.length !== 4) fail("input, filter and dy must all be 4-D");
  const [batch, channels, height, width] = inputShape;
  const [outputChannels, groupChannels, kernelHeight, kernelWidth] = filterShape;
  const { groups } = options;
  if (!(Number.isInteger(groups) && groups >= 1) || outputChannels % groups !== 0 || groupChannels * groups !== channels) {
    fail(`the filter's channels do not fit the input's ${channels} channels in ${groups} group(s)`);
  }
  const expected = [batch, outputChannels, ...windowOutputSize(height, width, { ...options, kernel: [kernelHeight, kernelWidth] })];
  if (expected[2] < 1 || expected[3] < 1) fail("the filter does not fit the padded input");
  if (dyShape.some((dimension, axis) => dimension !== expected[axis])) fail(`dy should be ${formatShape(expected)}, the forward output's shape`);
}
