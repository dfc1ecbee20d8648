import { fusedActivationGradient, fusedForm } from "../activations/index.js";
import type { LayerForward } from "./layer.js";

/** Convolution + bias (+ a fused activation when the engine merged one in). */
export const conv2dLayer: LayerForward<"conv2d"> = (context, node, input, parameters) => {
  const { backend } = context;
  const { stride, padding, dilation, groups } = node.attributes;
  const options = { stride, padding, dilation, groups };
  const weight = parameters.weight;
  const bias = parameters.bias;
  const output = backend.conv2dBiasActivation(input, weight, bias, { ...options, activation: fusedForm(context.fusedActivation) });
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward(outputGradient) {
      const fused = context.fusedActivation;
      const preActivation = fused !== undefined ? fusedActivationGradient(backend, fused, output, outputGradient) : outputGradient;
      // The first convolution's input gradient (the image's) is never used: skip its col2im and matrix multiply.
      const inputGradient = context.needsInputGradient ? backend.conv2dBackwardInput(preActivation, weight, input.shape, options) : undefined;
      const weightGradient = backend.conv2dBackwardFilter(input, preActivation, weight.shape, options);
      const gradients: Record<string, typeof weight> = { weight: weightGradient };
      if (bias !== undefined) gradients.bias = backend.reduce("sum", preActivation, { axes: [0, 2, 3], keepDimensions: false });
      if (preActivation !== outputGradient) backend.dispose(preActivation);
      return { ...(inputGradient !== undefined && { input: inputGradient }), parameters: gradients };
    },
    release: () => undefined,
  };
};
