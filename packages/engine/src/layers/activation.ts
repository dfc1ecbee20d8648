import type { LayerForward } from "./layer.js";

/** ReLU; its backward pass needs only the output (y > 0 exactly where x > 0). */
export const reluLayer: LayerForward<"relu"> = (context, _node, input) => {
  const { backend } = context;
  const output = backend.unary("relu", input);
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward: (outputGradient) => ({ input: backend.activationBackward("relu", output, outputGradient), parameters: {} }),
    release: () => undefined,
  };
};

/** tanh; its derivative is 1 − y². */
export const tanhLayer: LayerForward<"tanh"> = (context, _node, input) => {
  const { backend } = context;
  const output = backend.unary("tanh", input);
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward: (outputGradient) => ({ input: backend.activationBackward("tanh", output, outputGradient), parameters: {} }),
    release: () => undefined,
  };
};
