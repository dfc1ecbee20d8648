import { CheckpointError, DataError } from "@alexnet-ts/alexnet";
import { UsageError } from "../errors.js";

/** Runs a data-opening step, turning its DataError or CheckpointError into a usage error (one line, exit 2). */
export function toUsage<T>(open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof DataError || error instanceof CheckpointError || error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}
