import type { BackendProvider } from "@alexnet-ts/engine";
import { ModeUnavailableError } from "./mode-names.js";
import type { GpujsMode } from "./runtime/device.js";

export type Availability = Awaited<ReturnType<BackendProvider["availability"]>>;

/** What to report when making the backend failed with an error gpu.js gave, not a known missing piece. */
export type UnexpectedFailure = (mode: GpujsMode, error: Error) => Availability;

/**
 * Whether each mode really runs here, found by making the backend (`make`: environment, probe
 * kernel, check of the kernel class gpu.js used) and closing it again; one probe per mode, cached.
 * Node and the browser share this and differ only in how they make the backend and word an
 * unexpected failure.
 */
export function probedAvailability(
  make: (mode: GpujsMode) => Promise<{ close?(): void | Promise<void> }>,
  unexpectedFailure: UnexpectedFailure,
): (mode: GpujsMode) => Promise<Availability> {
  const availabilityByMode = new Map<GpujsMode, Promise<Availability>>();
  return (mode) => {
    let availability = availabilityByMode.get(mode);
    if (availability === undefined) {
      availability = make(mode).then(
        async (backend): Promise<Availability> => {
          await backend.close?.();
          return { available: true };
        },
        (error: unknown): Availability =>
          error instanceof ModeUnavailableError
            ? { available: false, reason: error.reason, howToEnable: error.howToEnable }
            : unexpectedFailure(mode, error as Error),
      );
      availabilityByMode.set(mode, availability);
    }
    return availability;
  };
}
