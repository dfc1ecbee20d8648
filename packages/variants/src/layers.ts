import type { GraphBuilder, Initializer, LayerDetails } from "@alexnet-ts/ir";
import type { ResolvedVariantOptions } from "./options.js";

/** The paper's initialization (section 5): weights from N(0, 0.01), biases 0 or 1. */
export function paperInitializers(bias: 0 | 1): Readonly<Record<string, Initializer>> {
  return {
    weight: { kind: "normal", mean: 0, standardDeviation: 0.01 },
    bias: { kind: "constant", value: bias },
  };
}

/** PyTorch's default for Conv2d and Linear: kaiming_uniform(a=√5), which bounds both weight and bias by 1/√fanIn. */
export function pytorchDefaultInitializers(fanIn: number): Readonly<Record<string, Initializer>> {
  const bound = 1 / Math.sqrt(fanIn);
  return { weight: { kind: "uniform", bound }, bias: { kind: "uniform", bound } };
}

/** Keras's default for Conv2D and Dense: Glorot uniform kernels, zero biases. */
export function kerasDefaultInitializers(fanIn: number, fanOut: number): Readonly<Record<string, Initializer>> {
  return { weight: { kind: "glorot-uniform", fanIn, fanOut }, bias: { kind: "constant", value: 0 } };
}

/** Adds the activation the options ask for (ReLU, or tanh for the paper's comparison), named after it: relu1, tanh1. */
export function addActivation(builder: GraphBuilder, options: ResolvedVariantOptions, name: string, details: string | LayerDetails): void {
  builder.activation(options.activation, name.replace(/^relu/, options.activation), details);
}
