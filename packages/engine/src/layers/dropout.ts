import type { LayerForward } from "./layer.js";

/** Inverted dropout: a seeded mask in training, the identity in inference. */
export const dropoutLayer: LayerForward<"dropout"> = (context, node, input) => {
  const { backend } = context;
  if (!context.training || node.attributes.rate === 0) {
    const output = backend.reshape(input, input.shape);
    return { output, backward: (outputGradient) => ({ input: backend.reshape(outputGradient, outputGradient.shape), parameters: {} }), release: () => undefined };
  }
  const mask = backend.dropoutMask(input.shape, node.attributes.rate, context.seed);
  const output = backend.binary("multiply", input, mask);
  return {
    output,
    backward: (outputGradient) => ({ input: backend.binary("multiply", outputGradient, mask), parameters: {} }),
    release: () => backend.dispose(mask),
  };
};
