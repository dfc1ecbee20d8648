import type { GpujsMode } from "./runtime/device.js";

/** The backend's name for each mode, as `--backend` knows it. */
export const backendNames: Record<GpujsMode, string> = { webgl: "gpujs-webgl", webgpu: "gpujs-webgpu", wasm: "gpujs-wasm" };

/** Each mode's place in `alexnet backends` and a registry's best() (lower first), after the cpu and tfjs backends and `gpujs` (30); Node and browsers alike. */
export const modeRanks: Record<GpujsMode, number> = { webgl: 31, webgpu: 32, wasm: 33 };

/** Why a mode cannot run here, with what would enable it. */
export class ModeUnavailableError extends Error {
  constructor(
    readonly mode: GpujsMode,
    readonly reason: string,
    readonly howToEnable: string,
  ) {
    super(`${backendNames[mode]} cannot run here: ${reason} (${howToEnable})`);
    this.name = "ModeUnavailableError";
  }
}

/** Options of `createGpujsBackend`. */
export interface GpujsBackendOptions {
  /** The `--backend` name to report (defaults to the mode's own, e.g. "gpujs-webgl"; "gpujs" for the best-available choice). */
  readonly name?: string;
}

