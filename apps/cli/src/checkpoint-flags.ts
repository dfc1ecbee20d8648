import { getVariant, isVariantName, type CheckpointMetadata, type ResolvedVariantOptions } from "@alexnet-ts/alexnet";
import type { Graph } from "@alexnet-ts/ir";
import type { Command } from "commander";
import { UsageError } from "./errors.js";
import type { VariantFlags } from "./variant-options.js";

/** Each model flag, the variant option it sets, and how to read it back from a loaded model. */
const modelFlags = [
  { flag: "--classes", key: "classes", option: "classes" },
  { flag: "--input", key: "input", option: "inputSize" },
  { flag: "--channels", key: "channels", option: "inputChannels" },
  { flag: "--activation", key: "activation", option: "activation" },
  { flag: "--normalization", key: "normalization", option: "normalization" },
  { flag: "--pooling", key: "pooling", option: "pooling" },
  { flag: "--dropout", key: "dropout", option: "dropout" },
] as const satisfies readonly { flag: string; key: keyof VariantFlags; option: keyof ResolvedVariantOptions }[];

/**
 * With `--checkpoint`, the model is rebuilt from the checkpoint, so a model flag given on the
 * command line is checked against it: a value that differs is refused in one line naming the
 * flag and the checkpoint's value. For converted weights (no metadata) only the shape flags
 * (--classes, --input, --channels) can be checked; the others are refused as meaningless there.
 */
export function checkModelFlagsAgainstCheckpoint(command: Command, flags: VariantFlags, loaded: { graph: Graph; metadata: CheckpointMetadata | undefined; classCount: number }, checkpoint: string): void {
  const given = modelFlags.filter(({ key }) => command.getOptionValueSource(key) === "cli");
  if (given.length === 0) return;
  const metadata = loaded.metadata;
  const variant = metadata !== undefined && isVariantName(metadata.variant) ? getVariant(metadata.variant) : undefined;
  const shape: Partial<Record<keyof ResolvedVariantOptions, unknown>> = {
    classes: loaded.classCount,
    inputSize: loaded.graph.input.shape[1],
    inputChannels: loaded.graph.input.shape[0],
  };
  for (const { flag, key, option } of given) {
    const value = flags[key];
    let stored: unknown = shape[option];
    if (stored === undefined) {
      if (metadata === undefined) throw new UsageError(`${flag} has no effect with --checkpoint ${checkpoint}: converted weights fix the model; leave ${flag} out`);
      stored = (metadata.variantOptions as Record<string, unknown>)[option] ?? variant?.defaults[option];
    }
    if (stored !== undefined && String(stored) !== String(value)) {
      throw new UsageError(`${flag} ${String(value)} does not match ${checkpoint}, whose model has ${flag} ${String(stored)}; leave ${flag} out (the checkpoint fixes the model) or use another checkpoint`);
    }
  }
}
