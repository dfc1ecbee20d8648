import type { LayerForward } from "./layer.js";

/** Softmax over classes (when it ends the graph, training folds it into the cross-entropy instead). */
export const softmaxLayer: LayerForward<"softmax"> = (context, _node, input) => {
  const { backend } = context;
  const output = backend.softmax(input);
  return {
    output,
    backward: (outputGradient) => ({ input: backend.softmaxBackward(output, outputGradient), parameters: {} }),
    release: () => undefined,
  };
};

/** Log-softmax over classes. */
export const logSoftmaxLayer: LayerForward<"logSoftmax"> = (context, _node, input) => {
  const { backend } = context;
  const output = backend.logSoftmax(input);
  return {
    output,
    backward: (outputGradient) => ({ input: backend.logSoftmaxBackward(output, outputGradient), parameters: {} }),
    release: () => undefined,
  };
};
