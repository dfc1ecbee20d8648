import { trainingRecipe, type TrainingReporter, type TrainOptions } from "@alexnet-ts/alexnet";
import type { Backend } from "@alexnet-ts/engine";
import type { TrainingInputs } from "./train-data.js";
import type { TrainFlags } from "./train-options.js";

/** What a run needs beside its flags and inputs: where it reports, how it is stopped, a step hook. */
export interface TrainRunHooks {
  readonly signal: AbortSignal;
  readonly reporter: TrainingReporter;
  readonly onStepLoss?: TrainOptions["onStepLoss"];
}

/**
 * The training options `alexnet train` uses for these flags: the variant's recipe where a flag is
 * not given, augmentation as the flags and the data allow (no flips where the data says so, PCA
 * colour on 3-channel data only). `alexnet experiment` builds each of its runs with it too.
 */
export function trainOptionsFromFlags(flags: TrainFlags, inputs: TrainingInputs, backend: Backend, hooks: TrainRunHooks): TrainOptions {
  const { data, graph, variantOptions } = inputs;
  const recipe = trainingRecipe(flags.variant);
  return {
    backend,
    variant: flags.variant,
    variantOptions,
    graph,
    data,
    dataText: flags.data,
    dataOptions: { limit: flags.limit, validationFraction: flags.valData === undefined ? flags.valSplit : undefined, validationFolder: flags.valData },
    epochs: flags.epochs ?? recipe.epochs,
    batchSize: flags.batch ?? recipe.batchSize,
    learningRate: flags.lr ?? recipe.learningRate,
    learningRateOverride: flags.resume === true ? flags.lr : undefined,
    momentum: flags.momentum ?? recipe.momentum,
    weightDecay: flags.weightDecay ?? recipe.weightDecay,
    schedule: flags.schedule ?? recipe.schedule,
    seed: flags.seed,
    augmentation: effectiveAugmentation(flags, inputs),
    outFolder: flags.out,
    resume: flags.resume === true,
    overwrite: flags.overwrite === true,
    signal: hooks.signal,
    reporter: hooks.reporter,
    ...(hooks.onStepLoss !== undefined && { onStepLoss: hooks.onStepLoss }),
  };
}

/** The augmentation a run applies: the flags, less flips on data that is not mirror-symmetric and PCA colour on greyscale. */
export function effectiveAugmentation(flags: TrainFlags, inputs: TrainingInputs): TrainOptions["augmentation"] {
  const channels = inputs.graph.input.shape[0];
  return { crop: flags.augment && flags.crop, flip: flags.augment && (flags.flip ?? true) && inputs.data.flipByDefault, pca: flags.augment && flags.pca && channels === 3 };
}
