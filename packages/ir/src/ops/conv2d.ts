import { describeWindow } from "./describe.js";
import { ShapeMismatch, requireImageInput, type OpDefinition, type ParameterSpec } from "../op.js";
import type { Shape } from "../shape.js";
import { windowOutputSize } from "../shape-kit/index.js";

export interface Conv2dAttributes {
  readonly outChannels: number;
  /** [height, width] */
  readonly kernel: readonly [number, number];
  /** [height, width] */
  readonly stride: readonly [number, number];
  /** [top, left, bottom, right], ONNX's order. */
  readonly padding: readonly [number, number, number, number];
  /** [height, width]; 1 is an ordinary convolution. */
  readonly dilation: readonly [number, number];
  /**
   * Channel groups: input and output channels split into this many independent convolutions.
   * AlexNet's paper uses 2 for conv2, conv4 and conv5 — the two-GPU split.
   */
  readonly groups: number;
  readonly bias: boolean;
}

/**
 * 2-D convolution (cross-correlation, as every framework computes it).
 *
 * Shapes:
 * - input: [N, C, H, W]
 * - weight: [outChannels, C / groups, kernelH, kernelW]
 * - bias: [outChannels]
 * - output: [N, outChannels, Ho, Wo], Ho = floor((H + padTop + padBottom - dilationH·(kernelH − 1) − 1) / strideH) + 1
 */
export const conv2d: OpDefinition<Conv2dAttributes> = {
  type: "conv2d",
  names: { keras: { baseName: "conv2d", className: "Conv2D" }, torch: "Conv2d", label: "Conv2d", onnx: "Conv" },
  preservesShape: false,
  fusion: "host",
  describe({ kernel, stride, padding, dilation, groups, bias }) {
    const parts = describeWindow(kernel, stride, padding, dilation);
    if (groups !== 1) parts.push(`g${groups}`);
    if (!bias) parts.push("no bias");
    return parts.join(" ");
  },
  outputShape(inputShapes, attributes): Shape {
    const [batch, channels, height, width] = requireImageInput(inputShapes);
    const { outChannels, kernel, stride, padding, dilation, groups } = attributes;
    if (channels % groups !== 0 || outChannels % groups !== 0) {
      throw new ShapeMismatch(
        `has ${groups} groups, which must divide both its ${channels} input channels and its ${outChannels} output channels`,
      );
    }
    const [outputHeight, outputWidth] = windowOutputSize(height, width, { kernel, stride, padding, dilation });
    if (outputHeight < 1 || outputWidth < 1) {
      throw new ShapeMismatch(
        `needs an input of at least ${dilation[0] * (kernel[0] - 1) + 1 - padding[0] - padding[2]}×${dilation[1] * (kernel[1] - 1) + 1 - padding[1] - padding[3]} for its ${kernel[0]}×${kernel[1]} kernel, but gets ${height}×${width}`,
      );
    }
    return [batch, outChannels, outputHeight, outputWidth];
  },
  parameters(inputShapes, attributes): ParameterSpec[] {
    const [, channels] = requireImageInput(inputShapes);
    const { outChannels, kernel, groups } = attributes;
    const weightShape = [outChannels, channels / groups, kernel[0], kernel[1]];
    const specs: ParameterSpec[] = [
      { name: "weight", shape: weightShape, trainable: true, initializer: { kind: "normal", mean: 0, standardDeviation: 0.01 } },
    ];
    if (attributes.bias) specs.push({ name: "bias", shape: [outChannels], trainable: true, initializer: { kind: "constant", value: 0 } });
    return specs;
  },
  multiplyAccumulates(inputShapes, attributes): number {
    const [, channels] = requireImageInput(inputShapes);
    const [batch, outChannels, outputHeight, outputWidth] = conv2d.outputShape(inputShapes, attributes);
    const perOutput = (channels / attributes.groups) * attributes.kernel[0] * attributes.kernel[1];
    return batch * outChannels * outputHeight * outputWidth * perOutput;
  },
};
