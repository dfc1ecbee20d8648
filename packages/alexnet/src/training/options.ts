import type { Graph } from "@alexnet-ts/ir";
import type { Backend } from "@alexnet-ts/engine";
import type { DataSource } from "../data/source.js";
import type { VariantOptions } from "../variants/index.js";
import type { Evaluation } from "./evaluate.js";
import type { EpochMetrics } from "./metrics.js";
import type { TrainingReporter } from "./progress.js";
import type { ScheduleKind } from "./schedule.js";

/** Test hooks: a failure injected between the files of a commit. */
export interface CommitHooks {
  /** Called after the checkpoint file is written, before the metrics line and the manifest. */
  readonly afterCheckpoint?: () => void;
  /** Called after the metrics line, before the manifest. */
  readonly beforeManifest?: () => void;
}

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
  /** Continue the run in `outFolder` (from the checkpoint its manifest names), refusing any changed setting. */
  readonly resume: boolean;
  /** Replace a run that `outFolder` already holds (without it, a fresh run there is refused). */
  readonly overwrite?: boolean;
  /**
   * On resume, an explicit `--lr`: the current learning rate becomes this and the schedule's
   * later reductions continue from it; recorded in the next metrics line. Ignored on a fresh run.
   */
  readonly learningRateOverride?: number;
  /** How the data was sampled (recorded in checkpoints so a resume with other values is refused). */
  readonly dataOptions?: DataSamplingOptions;
  /** Tests: failures injected between the files of an epoch's commit. */
  readonly faults?: CommitHooks;
  /** Tests: whether the pid in a run folder's lock file is alive. */
  readonly lockOwnerIsAlive?: (pid: number) => boolean;
  /** When it is aborted (Ctrl-C), the current step finishes, a checkpoint is written and train returns. */
  readonly signal?: AbortSignal;
  readonly reporter?: TrainingReporter;
  /** Called after every step with its loss and how many of its `count` images it classified right (tests compare runs step by step; experiments log training error per step). */
  readonly onStepLoss?: (step: number, loss: number, correct: number, count: number) => void;
}

/** The data flags that choose which images a run sees. */
export interface DataSamplingOptions {
  /** `--limit`: a seeded sample of this many training images. */
  readonly limit?: number;
  /** `--val-split`: the fraction held out for validation. */
  readonly validationFraction?: number;
  /** `--val-data`: a separate validation folder. */
  readonly validationFolder?: string;
}

/** How a run ended. */
export interface TrainResult {
  readonly interrupted: boolean;
  /** Whole epochs finished. */
  readonly epochsCompleted: number;
  readonly steps: number;
  readonly history: readonly EpochMetrics[];
  /** The run's checkpoint.safetensors (the last committed state). */
  readonly checkpointPath: string;
  /** best.safetensors (lowest validation loss), once an epoch has finished. */
  readonly bestPath: string | undefined;
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
