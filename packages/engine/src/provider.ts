import type { Backend } from "./backend.js";

/** Whether a backend can run here; when not, why and how to enable it. */
export type BackendAvailability = { available: true } | { available: false; reason: string; howToEnable: string };

/** How a backend is found and made: one per `--backend` name. */
export interface BackendProvider {
  /** The `--backend` name. */
  readonly name: string;
  /** One line for `alexnet backends`. */
  readonly description: string;
  /** Whether it can run here; when not, why and how to enable it. */
  availability(): Promise<BackendAvailability>;
  /** Makes a ready backend (may load WebAssembly, start workers, create a GL context). */
  create(): Promise<Backend>;
}
