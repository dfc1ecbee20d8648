/**
 * Test support: which gpu.js modes run in this process, decided once per test file, with the
 * reason printed for each mode that does not (a skipped test always says why).
 */
import type { BackendProvider } from "@alexnet-ts/engine";
import { gpujsBackendProviders } from "./providers.js";
import type { GpujsMode } from "./runtime/device.js";
import { backendNames } from "./create-backend.js";

/** A mode and whether it runs here. */
export interface ModeStatus {
  readonly mode: GpujsMode;
  readonly name: string;
  readonly provider: BackendProvider;
  /** Undefined when the mode runs; otherwise why not and how to enable it. */
  readonly skipReason: string | undefined;
}

/** Every mode with its availability; prints the reason for each one that is skipped. */
export async function modeStatuses(): Promise<ModeStatus[]> {
  const modes: GpujsMode[] = ["webgl", "webgpu", "wasm"];
  return Promise.all(
    modes.map(async (mode) => {
      const name = backendNames[mode];
      const provider = gpujsBackendProviders.find((candidate) => candidate.name === name);
      if (provider === undefined) throw new Error(`no provider named ${name}`);
      const availability = await provider.availability();
      const skipReason = availability.available ? undefined : `${availability.reason}; to enable: ${availability.howToEnable}`;
      if (skipReason !== undefined) console.log(`${name} skipped: ${skipReason}`);
      return { mode, name, provider, skipReason };
    }),
  );
}

/** The describe() title of a mode's tests, carrying the skip reason when it is skipped. */
export function modeTitle(status: ModeStatus): string {
  return status.skipReason === undefined ? status.name : `${status.name} (skipped: ${status.skipReason})`;
}
