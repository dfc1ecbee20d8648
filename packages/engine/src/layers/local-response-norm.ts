import type { LayerForward } from "./layer.js";

/** Local response normalization across channels (the paper's convention for alpha). */
export const localResponseNormLayer: LayerForward<"localResponseNorm"> = (context, node, input) => {
  const { backend } = context;
  const output = backend.localResponseNorm(input, node.attributes);
  if (!context.training) return { output, release: () => undefined };
  return {
    output,
    backward: (outputGradient) => ({ input: backend.localResponseNormBackward(input, output, outputGradient, node.attributes), parameters: {} }),
    release: () => undefined,
  };
};
