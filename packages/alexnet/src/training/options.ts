import type { Graph } from "@alexnet-ts/ir";
import type { Backend } from "@alexnet-ts/engine";
import type { DataSource } from "../data/source.js";
import type { VariantOptions } from "../variants/index.js";
import type { Evaluation } from "./evaluate.js";
import type { EpochMetrics } from "./metrics.js";
import type { TrainingReporter } from "./progress.js";
import type { ScheduleKind } from "./schedule.js";

/** Which training augmentations run; see AugmentationOptions. */
export interface AugmentationSwitches {
  readonly crop: boolean;
  readonly flip: boolean;
  readonly pca: boolean;
}

/** Everything a training run needs. */
export interface TrainOptions {
  readonly backend: Backend;
  /** The variant's name and options, recorded in checkpoints so eval and predict can rebuild the model. */
  readonly variant: string;
  readonly variantOptions: VariantOptions;
  /** The graph to train (built from the variant; tests pass tiny graphs). */
  readonly graph: Graph;
  readonly data: DataSource;
  /** The `--data` text, recorded in checkpoints. */
  readonly dataText: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly schedule: ScheduleKind;
  readonly seed: number;
  readonly augmentation: AugmentationSwitches;
  /** Folder for checkpoint.safetensors, best.safetensors, metrics.jsonl and training.svg. */
  readonly outFolder: string;
  /** Continue from `<outFolder>/checkpoint.safetensors`. */
  readonly resume: boolean;
  /** When it is aborted (Ctrl-C), the current step finishes, a checkpoint is written and train returns. */
  readonly signal?: AbortSignal;
  readonly reporter?: TrainingReporter;
  /** Called after every step with its loss (tests compare runs step by step). */
  readonly onStepLoss?: (step: number, loss: number) => void;
}

/** How a run ended. */
export interface TrainResult {
  readonly interrupted: boolean;
  /** Whole epochs finished. */
  readonly epochsCompleted: number;
  readonly steps: number;
  readonly history: readonly EpochMetrics[];
  readonly checkpointPath: string;
  /** The SVG chart, redrawn after every epoch, on interrupt and at the end (undefined before the first epoch). */
  readonly chartPath: string | undefined;
  /** The same chart as PNG; undefined when it could not be rendered. */
  readonly chartPngPath?: string;
  /** The final model on the test data, when the source has any and the run finished. */
  readonly test: Evaluation | undefined;
}

/** Training stopped because the loss became NaN or infinite. */
export class TrainingDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

/** The file names inside the output folder. */
export const outputFiles = { checkpoint: "checkpoint.safetensors", best: "best.safetensors", metrics: "metrics.jsonl", chart: "training.svg", chartPng: "training.png" } as const;
