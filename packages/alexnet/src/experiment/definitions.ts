import { activationOpTypes } from "@alexnet-ts/ir";
import type { VariantOptions } from "../variants/index.js";

/** What one arm changes from the variant's defaults: model options and augmentation switches. */
export interface ArmSettings {
  readonly activation?: NonNullable<VariantOptions["activation"]>;
  readonly normalization?: NonNullable<VariantOptions["normalization"]>;
  readonly pooling?: NonNullable<VariantOptions["pooling"]>;
  readonly dropout?: number;
  /** Augmentation switches; unset ones keep `alexnet train`'s defaults (crops, flips where the data allows, PCA on colour). */
  readonly crop?: boolean;
  readonly flip?: boolean;
  readonly pca?: boolean;
}

/** One arm of an experiment: a name (its folder) and what it sets. */
export interface Arm {
  /** Folder-safe name, also the label in tables and charts ("relu", "no-lrn"). */
  readonly name: string;
  readonly settings: ArmSettings;
}

/** Which figure a claim is judged on. */
export type ClaimMeasure = "speed" | "testTop1Error" | "testTop5Error" | "overfitting";

/**
 * A claim of the paper, as a comparison of two arms on one measure: `better` should be lower
 * on it than `worse` (fewer steps to the threshold, lower error, smaller train–test gap).
 */
export interface Claim {
  readonly measure: ClaimMeasure;
  readonly better: string;
  readonly worse: string;
  /** The paper's statement and figure, quoted in the report. */
  readonly paper: string;
}

/** A named comparison: its arms (the first is the reference), the claims it tests, its headline measure. */
export interface ExperimentDefinition {
  readonly name: string;
  readonly title: string;
  readonly arms: readonly Arm[];
  readonly claims: readonly Claim[];
  /** The measure of the bar chart and the first column of the table. */
  readonly headline: ClaimMeasure;
}

/** The built-in experiments' names, in the order the docs list them. */
export const experimentNames = ["activation", "normalization", "pooling", "dropout", "augmentation"] as const;
export type ExperimentName = (typeof experimentNames)[number];

/**
 * The paper's ablations. The activation arms are every elementwise activation the IR has
 * (ReLU first), so a new one (sigmoid) joins the comparison without a change here.
 */
export function experimentDefinition(name: ExperimentName): ExperimentDefinition {
  switch (name) {
    case "activation": {
      const others = activationOpTypes.filter((activation) => activation !== "relu");
      return {
        name,
        title: "ReLU against saturating activations (section 3.1, Figure 1)",
        arms: [{ name: "relu", settings: { activation: "relu" } }, ...others.map((activation) => ({ name: activation, settings: { activation } }))],
        claims: others.map((activation) => ({
          measure: "speed" as const,
          better: "relu",
          worse: activation,
          paper: `ReLU reaches 25% training error on CIFAR-10 six times faster than tanh (a four-layer CNN)${activation === "tanh" ? "" : `; ${activation} is not in the paper`}`,
        })),
        headline: "speed",
      };
    }
    case "normalization":
      return {
        name,
        title: "Local response normalization (section 3.3)",
        arms: [
          { name: "lrn", settings: { normalization: "lrn" } },
          { name: "none", settings: { normalization: "none" } },
          { name: "batchnorm", settings: { normalization: "batchnorm" } },
        ],
        claims: [
          { measure: "testTop1Error", better: "lrn", worse: "none", paper: "LRN lowers top-1 error by 1.4% (ImageNet)" },
          { measure: "testTop5Error", better: "lrn", worse: "none", paper: "LRN lowers top-5 error by 1.2% (ImageNet)" },
        ],
        headline: "testTop1Error",
      };
    case "pooling":
      return {
        name,
        title: "Overlapping pooling, 3×3 stride 2 against 2×2 stride 2 (section 3.4)",
        arms: [
          { name: "overlapping", settings: { pooling: "overlapping" } },
          { name: "plain", settings: { pooling: "plain" } },
        ],
        claims: [
          { measure: "testTop1Error", better: "overlapping", worse: "plain", paper: "overlapping pooling lowers top-1 error by 0.4% (ImageNet)" },
          { measure: "testTop5Error", better: "overlapping", worse: "plain", paper: "overlapping pooling lowers top-5 error by 0.3% (ImageNet)" },
          { measure: "overfitting", better: "overlapping", worse: "plain", paper: "models with overlapping pooling are slightly harder to overfit" },
        ],
        headline: "testTop1Error",
      };
    case "dropout":
      return {
        name,
        title: "Dropout 0.5 in the first two fully connected layers (section 4.2)",
        arms: [
          { name: "dropout-0.5", settings: { dropout: 0.5 } },
          { name: "dropout-0", settings: { dropout: 0 } },
        ],
        claims: [
          { measure: "overfitting", better: "dropout-0.5", worse: "dropout-0", paper: "without dropout the network overfits substantially (dropout roughly doubles the iterations to converge)" },
          { measure: "testTop1Error", better: "dropout-0.5", worse: "dropout-0", paper: "dropout is needed for the reported test error" },
        ],
        headline: "overfitting",
      };
    case "augmentation":
      return {
        name,
        title: "Data augmentation: crops and flips, PCA colour (section 4.1)",
        arms: [
          { name: "crops-flips-pca", settings: { crop: true, flip: true, pca: true } },
          { name: "crops-flips", settings: { crop: true, flip: true, pca: false } },
          { name: "none", settings: { crop: false, flip: false, pca: false } },
        ],
        claims: [
          { measure: "overfitting", better: "crops-flips", worse: "none", paper: "crops and flips reduce overfitting (without them the network overfits substantially)" },
          { measure: "testTop1Error", better: "crops-flips-pca", worse: "crops-flips", paper: "PCA colour augmentation lowers top-1 error by over 1% (ImageNet)" },
        ],
        headline: "overfitting",
      };
  }
}

/** True for the built-in names. */
export function isExperimentName(name: string): name is ExperimentName {
  return (experimentNames as readonly string[]).includes(name);
}
