/**
 * Messages between the pages (main thread) and the compute worker, which owns the backends and
 * models so that no computation ever blocks the page.
 */
import type { VariantOptions } from "@alexnet-ts/alexnet";
import type { BackendStatus } from "@alexnet-ts/registry";

/** One backend as this browser offers it: the registry's row (name, description, availability, why not and how to enable it). */
export type BackendRow = BackendStatus;

/** A model: a variant and its options. */
export interface ModelChoice {
  readonly variant: string;
  readonly options: VariantOptions;
}

/** One class and its probability. */
export interface RankedClass {
  readonly className: string;
  readonly probability: number;
}

/** A prediction for one input. */
export interface PredictionRow {
  readonly label: string;
  readonly top: readonly RankedClass[];
  readonly milliseconds: number;
}

/** What the page asks the worker to do. */
export type ComputeRequest =
  | { readonly kind: "list-backends" }
  | { readonly kind: "predict-seeded"; readonly backend: string; readonly model: ModelChoice; readonly seed: number; readonly top: number }
  | {
      readonly kind: "predict-images";
      readonly backend: string;
      readonly checkpoint: Uint8Array;
      readonly checkpointName: string;
      readonly images: readonly { readonly name: string; readonly bytes: Uint8Array }[];
    }
  | { readonly kind: "train-start"; readonly backend: string; readonly settings: TrainSettings }
  | { readonly kind: "train-pause" }
  | { readonly kind: "train-resume" }
  | { readonly kind: "train-stop" }
  | { readonly kind: "train-checkpoint" }
  | { readonly kind: "bench"; readonly backend: string; readonly settings: BenchSettings }
  | BenchTargetRequest;

/** Settings of an in-page training run (the small variant on the MNIST slice). */
export interface TrainSettings {
  /** The small variant's options (the paper's ablations: normalization, dropout…). */
  readonly variantOptions: VariantOptions;
  readonly batch: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Steps to take before stopping on its own (0: until stopped). */
  readonly steps: number;
  /**
   * Train on one batch over and over (the first of the shuffled digits): the quick check that a
   * backend learns at all, its loss falling within a few steps. No test accuracy is measured.
   */
  readonly repeatBatch?: boolean;
  /** Absolute URL of the MNIST slice (public/mnist-slice.bin). */
  readonly dataUrl: string;
}

/** One training progress report. */
export interface TrainProgress {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly imagesPerSecond: number;
  /** Accuracy on the slice's test digits, when measured at this step. */
  readonly testAccuracy?: number;
}

/** Settings of a browser benchmark run. */
export interface BenchSettings {
  readonly model: ModelChoice;
  readonly workloads: readonly ("inference" | "training")[];
  readonly batch: number;
  readonly repeats: number;
  readonly warmup: number;
}

/** One measured row of the benchmark. */
export interface BenchRow {
  readonly backend: string;
  readonly engine: string;
  readonly workload: string;
  readonly batch: number;
  readonly medianMilliseconds: number;
  readonly imagesPerSecond: number;
  readonly samples: readonly number[];
}

/** A model-level workload of `alexnet bench`, by its name there. */
export type BenchWorkloadName = "inference-latency" | "inference-throughput" | "training-step";

/**
 * One benchmark target held across requests, so `alexnet bench` can interleave this page's runs
 * with its Node children: set up a backend and model once, then one request per timed run.
 */
export type BenchTargetRequest =
  | { readonly kind: "bench-setup"; readonly backend: string; readonly model: ModelChoice; /** Seed of the weights and inputs, as in Node. */ readonly seed: number }
  | { readonly kind: "bench-run"; readonly workload: BenchWorkloadName; readonly batch: number; /** Untimed runs first (when the workload changes). */ readonly warmup: number; readonly runs: number }
  | { readonly kind: "bench-stop" };

/** What a bench target request answers: the engine that really runs, each timed run's milliseconds. */
export type BenchTargetReply =
  | { readonly kind: "bench-ready"; readonly engine: string }
  | { readonly kind: "bench-result"; readonly milliseconds: readonly number[]; readonly engine: string }
  | { readonly kind: "bench-stopped" };

/** What the worker answers. */
export type ComputeReply =
  | { readonly kind: "backends"; readonly rows: readonly BackendRow[]; /** The best available backend by rank (the registry's best()), if any. */ readonly best?: string }
  | { readonly kind: "predictions"; readonly backend: string; readonly engine: string; readonly rows: readonly PredictionRow[]; readonly probabilities?: readonly number[] }
  | { readonly kind: "train-started"; readonly engine: string; readonly trainCount: number; readonly testCount: number }
  | { readonly kind: "train-progress"; readonly progress: TrainProgress }
  | { readonly kind: "train-state"; readonly state: "running" | "paused" | "stopped" }
  | { readonly kind: "checkpoint"; readonly bytes: Uint8Array; readonly fileName: string }
  | { readonly kind: "bench-rows"; readonly rows: readonly BenchRow[] }
  | BenchTargetReply
  | { readonly kind: "error"; readonly message: string };

/** A request with its id, as posted to the worker. */
export interface RequestEnvelope {
  readonly id: number;
  readonly request: ComputeRequest;
}

/** A reply with the id of the request it answers; `final` marks the last one. */
export interface ReplyEnvelope {
  readonly id: number;
  readonly reply: ComputeReply;
  readonly final: boolean;
}
