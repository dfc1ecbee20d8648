import type { LayerForward } from "./layer.js";

/** Max pooling; the backward pass routes each gradient to its window's first maximum. */
export const maxPool2dLayer: LayerForward<"maxPool2d"> = (context, node, input) => {
  const { backend } = context;
  const output = backend.maxPool2d(input, node.attributes);
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward: (outputGradient) => ({ input: backend.maxPool2dBackward(input, output, outputGradient, node.attributes), parameters: {} }),
    release: () => undefined,
  };
};

/** Average pooling. */
export const avgPool2dLayer: LayerForward<"avgPool2d"> = (context, node, input) => {
  const { backend } = context;
  const output = backend.avgPool2d(input, node.attributes);
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward: (outputGradient) => ({ input: backend.avgPool2dBackward(outputGradient, input.shape, node.attributes), parameters: {} }),
    release: () => undefined,
  };
};

/** Adaptive average pooling (torchvision's 6×6). */
export const adaptiveAvgPool2dLayer: LayerForward<"adaptiveAvgPool2d"> = (context, node, input) => {
  const { backend } = context;
  const output = backend.adaptiveAvgPool2d(input, node.attributes.outputSize);
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward: (outputGradient) => ({ input: backend.adaptiveAvgPool2dBackward(outputGradient, input.shape), parameters: {} }),
    release: () => undefined,
  };
};
