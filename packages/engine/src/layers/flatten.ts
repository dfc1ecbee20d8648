import type { LayerForward } from "./layer.js";

/** Flatten to [N, features]: a reshape, and a reshape back for the gradient. */
export const flattenLayer: LayerForward<"flatten"> = (context, _node, input, _parameters, analyzed) => {
  const { backend } = context;
  const output = backend.reshape(input, [input.shape[0], analyzed.outputShape[1]]);
  return {
    output,
    backward: (outputGradient) => ({ input: backend.reshape(outputGradient, input.shape), parameters: {} }),
    release: () => undefined,
  };
};
