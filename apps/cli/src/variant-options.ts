import { getVariant, type Variant, type VariantOptions } from "@alexnet-ts/alexnet";
import { variantNames } from "@alexnet-ts/alexnet";
import { activationOpTypes, type ActivationOpType, type Graph } from "@alexnet-ts/ir";
import { Option, type Command } from "commander";
import { decimalInRange, oneOf, wholeNumber } from "./parse.js";

/** The options that choose and shape a model, as commander parses them. */
export interface VariantFlags {
  readonly variant: string;
  readonly classes?: number;
  readonly input?: number;
  readonly channels?: number;
  readonly activation?: ActivationOpType;
  readonly normalization?: "lrn" | "batchnorm" | "none";
  readonly pooling?: "overlapping" | "plain";
  readonly dropout?: number;
}

/**
 * Adds the options every model-using command shares (summary now; predict, train, eval, bench
 * later): the variant, the task's shape, and the paper's ablations. Unset options keep the
 * variant's own defaults, which `alexnet variants` lists.
 */
export function addVariantOptions(command: Command): Command {
  return command
    .addOption(new Option("--variant <name>", `the AlexNet variant: ${variantNames.join(", ")}`).default("paper"))
    .addOption(new Option("--classes <n>", "number of output classes (default: the variant's)").argParser(wholeNumber("--classes", 1)))
    .addOption(new Option("--input <n>", "height and width of the square input image (default: the variant's)").argParser(wholeNumber("--input", 1)))
    .addOption(new Option("--channels <n>", "input colour channels, 3 for RGB or 1 for greyscale (default: the variant's)").argParser(wholeNumber("--channels", 1)))
    .addOption(new Option("--activation <name>", `${activationOpTypes.join(", ")} (the paper compares relu with saturating ones, section 3.1)`).argParser(oneOf("--activation", activationOpTypes)))
    .addOption(
      new Option("--normalization <name>", "lrn (the paper), batchnorm (the notebooks) or none").argParser(oneOf("--normalization", ["lrn", "batchnorm", "none"] as const)),
    )
    .addOption(new Option("--pooling <name>", "overlapping 3×3/2 (the paper) or plain 2×2/2").argParser(oneOf("--pooling", ["overlapping", "plain"] as const)))
    .addOption(new Option("--dropout <rate>", "dropout rate before fc6 and fc7, 0 for none").argParser(decimalInRange("--dropout", 0, 1)));
}

/** The variant options the flags set (only those given; the variant's defaults fill the rest). */
export function variantOptionsFromFlags(flags: VariantFlags): VariantOptions {
  return {
    ...(flags.classes !== undefined && { classes: flags.classes }),
    ...(flags.input !== undefined && { inputSize: flags.input }),
    ...(flags.channels !== undefined && { inputChannels: flags.channels }),
    ...(flags.activation !== undefined && { activation: flags.activation }),
    ...(flags.normalization !== undefined && { normalization: flags.normalization }),
    ...(flags.pooling !== undefined && { pooling: flags.pooling }),
    ...(flags.dropout !== undefined && { dropout: flags.dropout }),
  };
}

/** The variant the flags name and its graph, built with the flags' options. Throws GraphError on a bad combination. */
export function buildFromFlags(flags: VariantFlags): { variant: Variant; graph: Graph } {
  const variant = getVariant(flags.variant);
  return { variant, graph: variant.build(variantOptionsFromFlags(flags)) };
}
