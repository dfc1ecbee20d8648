import { GraphError, type Graph } from "@alexnet-ts/ir";
import type { ResolvedVariantOptions, VariantOptions } from "./options.js";
import { buildPaper, paperDefaults } from "./paper.js";
import { buildSeedKeras, seedKerasDefaults } from "./seed-keras.js";
import { buildSeedTorch, seedTorchDefaults } from "./seed-torch.js";
import { buildSmall, smallDefaults } from "./small.js";
import { buildTorchvision, torchvisionDefaults } from "./torchvision.js";

/** One AlexNet variant: how to build it, its defaults, and a one-line description. */
export interface Variant {
  readonly name: VariantName;
  readonly description: string;
  readonly defaults: ResolvedVariantOptions;
  build(options?: VariantOptions): Graph;
}

export const variantNames = ["paper", "seed-keras", "seed-torch", "torchvision", "small"] as const;
export type VariantName = (typeof variantNames)[number];

export const variants: { readonly [K in VariantName]: Variant } = {
  paper: {
    name: "paper",
    description: "as published in 2012: LRN, overlapping pooling, 2-group convolutions, dropout; 227×227, 60,965,224 parameters",
    defaults: paperDefaults,
    build: buildPaper,
  },
  "seed-keras": {
    name: "seed-keras",
    description: "the assignment's Keras notebook: BatchNorm after the first two pools, no groups, softmax output",
    defaults: seedKerasDefaults,
    build: buildSeedKeras,
  },
  "seed-torch": {
    name: "seed-torch",
    description: "the assignment's PyTorch notebook: as seed-keras, with log_softmax output and its state_dict names",
    defaults: seedTorchDefaults,
    build: buildSeedTorch,
  },
  torchvision: {
    name: "torchvision",
    description: "torchvision.models.alexnet: 64-192-384-256-256, adaptive 6×6 average pool, 224×224, 61,100,840 parameters",
    defaults: torchvisionDefaults,
    build: buildTorchvision,
  },
  small: {
    name: "small",
    description: "the paper's ingredients at 1/8 width for 28×28 or 32×32 images (MNIST, CIFAR-10); trains on a CPU in minutes",
    defaults: smallDefaults,
    build: buildSmall,
  },
};

export function isVariantName(name: string): name is VariantName {
  return (variantNames as readonly string[]).includes(name);
}

/** The variant with this name, or a GraphError listing the known names. */
export function getVariant(name: string): Variant {
  if (!isVariantName(name)) throw new GraphError(`unknown variant "${name}"; choose one of: ${variantNames.join(", ")}`);
  return variants[name];
}

/** Builds the named variant with these options. */
export function buildVariant(name: string, options: VariantOptions = {}): Graph {
  return getVariant(name).build(options);
}

export type { ResolvedVariantOptions, VariantOptions } from "./options.js";
export { buildPaper, buildSeedKeras, buildSeedTorch, buildSmall, buildTorchvision };
