import { activationOpTypes, type ActivationOpType } from "@alexnet-ts/ir";
import { activations, type ActivationDefinition, type ActivationNode } from "../activations/index.js";
import type { LayerForward } from "./layer.js";

/** The layer of one activation: its forward, and in training its backward from what it reads. */
function activationLayer<K extends ActivationOpType>(op: K): LayerForward<K> {
  const definition = activations[op] as ActivationDefinition<ActivationNode["attributes"]>;
  return (context, node, input) => {
    const { backend } = context;
    const { attributes } = node as ActivationNode;
    const output = definition.forward(backend, input, attributes);
    if (!context.training) return { output, release: () => undefined };
    return {
      output,
      // The engine keeps the input and the output alive until backward has run: each activation reads what it needs.
      backward: (outputGradient) => ({ input: definition.backward.gradient(backend, { input, output }, outputGradient, attributes), parameters: {} }),
      release: () => undefined,
    };
  };
}

/** A layer for every activation op, from the engine's activation table. */
export const activationLayers = Object.fromEntries(activationOpTypes.map((op) => [op, activationLayer(op)])) as {
  readonly [K in ActivationOpType]: LayerForward<K>;
};
