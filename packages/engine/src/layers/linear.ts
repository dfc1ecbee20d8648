import type { Tensor } from "../backend.js";
import { activations, fusedActivationGradient } from "../activations/index.js";
import type { LayerForward } from "./layer.js";

/** Fully connected: y = x·Wᵀ + b (+ a fused activation). */
export const linearLayer: LayerForward<"linear"> = (context, _node, input, parameters) => {
  const { backend } = context;
  const weight = parameters.weight;
  const bias = parameters.bias;
  const product = backend.matmul(input, weight, { transposeA: false, transposeB: true });
  let output = product;
  if (bias !== undefined) {
    output = backend.addBias(product, bias);
    backend.dispose(product);
  }
  const fused = context.fusedActivation;
  if (fused !== undefined) {
    const activated = activations[fused.op].forward(backend, output, fused.attributes as never);
    backend.dispose(output);
    output = activated;
  }
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward(outputGradient) {
      const preActivation = fused !== undefined ? fusedActivationGradient(backend, fused, output, outputGradient) : outputGradient;
      const inputGradient = context.needsInputGradient ? backend.matmul(preActivation, weight, { transposeA: false, transposeB: false }) : undefined;
      const gradients: Record<string, Tensor> = { weight: backend.matmul(preActivation, input, { transposeA: true, transposeB: false }) };
      if (bias !== undefined) gradients.bias = backend.reduce("sum", preActivation, { axes: [0], keepDimensions: false });
      if (preActivation !== outputGradient) backend.dispose(preActivation);
      return { ...(inputGradient !== undefined && { input: inputGradient }), parameters: gradients };
    },
    release: () => undefined,
  };
};
