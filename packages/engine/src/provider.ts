import type { Backend } from "./backend.js";

/** Whether a backend can run here; when not, why and how to enable it. */
export type BackendAvailability = { available: true } | { available: false; reason: string; howToEnable: string };

/** How a backend is found and made: one per `--backend` name. */
export interface BackendProvider {
  /** The `--backend` name. */
  readonly name: string;
  /** One line for `alexnet backends`. */
  readonly description: string;
  /**
   * Preference among all installed backends, lower first: the order of `alexnet backends` and
   * what a registry's `best()` tries first. The project's own: cpu 1, tfjs 20–24, gpu.js 30–33;
   * a provider without a rank comes after every ranked one.
   */
  readonly rank?: number;
  /** Whether it can run here; when not, why and how to enable it. */
  availability(): Promise<BackendAvailability>;
  /** Makes a ready backend (may load WebAssembly, start workers, create a GL context). */
  create(): Promise<Backend>;
}
