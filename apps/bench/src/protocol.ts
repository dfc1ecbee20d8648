import type { VariantOptions } from "@alexnet-ts/alexnet";
import type { Workload } from "./workloads.js";

/** The peers: the same AlexNet written directly with another library, run beside the backends. */
export const peerNames = ["tfjs-layers", "onnxruntime"] as const;
export type PeerName = (typeof peerNames)[number];

/** Parent → child: make the backend (or the peer on that backend's engine) and the model. */
export interface SetupMessage {
  readonly type: "setup";
  /** Tests only: URL of a module exporting `resolveBackend(name): Promise<Backend>`; absent: the installed backend packages. */
  readonly registryModule?: string;
  /** The backend to make ("" for a peer that needs none: onnxruntime). */
  readonly backend: string;
  readonly peer?: PeerName;
  readonly variant: string;
  readonly variantOptions: VariantOptions;
  /** Seed of the weights and the random inputs. */
  readonly seed: number;
}

/**
 * Parent → child: time `runs` runs of a workload. The first message for a workload prepares it
 * (model, inputs) and runs `warmup` untimed runs first.
 */
export interface RunMessage {
  readonly type: "run";
  readonly workload: Workload;
  readonly warmup: number;
  readonly runs: number;
}

/** Parent → child: release everything and exit. */
export interface StopMessage {
  readonly type: "stop";
}

export type ParentMessage = SetupMessage | RunMessage | StopMessage;

/** Child → parent: the backend is ready; `engine` is what really runs (the backend's describe()). */
export interface ReadyMessage {
  readonly type: "ready";
  readonly engine: string;
  /** The child's `process.version`. */
  readonly node?: string;
  /** For a browser target: the browser and its version, as it reports them ("Chromium 156.0.8078.114"). */
  readonly browser?: string;
}

/** Child → parent: the timed runs of one RunMessage. */
export interface ResultMessage {
  readonly type: "result";
  readonly milliseconds: readonly number[];
  /** Peak resident set size of the child process so far (bytes); a browser page does not know its own. */
  readonly peakRssBytes?: number;
  /** Bytes the engine holds on its device, where the backend or peer knows it. */
  readonly deviceBytes?: number;
  readonly engine: string;
}

/** Child → parent: the setup or the run failed; the message is the error's first line. */
export interface ErrorMessage {
  readonly type: "error";
  readonly message: string;
}

export type ChildMessage = ReadyMessage | ResultMessage | ErrorMessage;
