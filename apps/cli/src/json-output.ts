/**
 * The documents `--json` prints (docs/json-output.md describes every field; a test checks the
 * output against it). Each is one JSON object whose `schema` names the command and a version;
 * the version goes up only when a field is removed or changes meaning, never when one is added.
 */

/** One ranked class. */
export interface RankedClass {
  /** 1 for the most likely class. */
  readonly rank: number;
  /** The class index (the model's output position). */
  readonly index: number;
  readonly className: string;
  /** Softmax probability in [0, 1]. */
  readonly probability: number;
}

/** `alexnet predict --json`. */
export interface PredictDocument {
  readonly schema: "alexnet-predict/1";
  readonly model: {
    readonly graph: string;
    /** The checkpoint file, or null for freshly initialized weights (then `seed` says which). */
    readonly checkpoint: string | null;
    readonly seed: number | null;
    readonly backend: string;
    readonly classes: number;
  };
  /** One entry per image classified, in argument order. */
  readonly predictions: readonly { readonly path: string | null; readonly top: readonly RankedClass[] }[];
  /** Arguments or images that could not be classified, with the reason; the exit code is then 3. */
  readonly failures: readonly { readonly path: string; readonly reason: string }[];
}

/** `alexnet eval --json`. */
export interface EvalDocument {
  readonly schema: "alexnet-eval/1";
  readonly checkpoint: string;
  readonly data: string;
  readonly split: "test" | "validation";
  readonly dataset: string;
  readonly crops: "centre" | "ten" | "five";
  readonly backend: string;
  readonly count: number;
  readonly loss: number;
  readonly top1: number;
  readonly top5: number;
  readonly seconds: number;
  /** Corrupt images left out (with --on-corrupt skip). */
  readonly skipped: readonly string[];
}

/** `alexnet variants --json`. */
export interface VariantsDocument {
  readonly schema: "alexnet-variants/1";
  readonly variants: readonly {
    readonly name: string;
    readonly description: string;
    readonly defaults: {
      readonly inputSize: number;
      readonly inputChannels: number;
      readonly classes: number;
      readonly activation: string;
      readonly normalization: string;
      readonly pooling: string;
      readonly dropout: number;
    };
    readonly parameters: { readonly total: number; readonly trainable: number; readonly nonTrainable: number };
  }[];
}

/** `alexnet backends --json`. */
export interface BackendsDocument {
  readonly schema: "alexnet-backends/1";
  readonly backends: readonly { readonly name: string; readonly description: string; readonly available: boolean; readonly reason?: string; readonly howToEnable?: string }[];
}

/** The document as printed: two-space indented, one trailing newline. */
export function formatJson(document: PredictDocument | EvalDocument | VariantsDocument | BackendsDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
