import type { Backend } from "@alexnet-ts/engine";
import { browserBackendProvider } from "./backend-choices.js";

/**
 * The one backend the worker holds at a time. TensorFlow.js runs one engine per JavaScript realm,
 * so switching backends closes the previous one first.
 */
let current: { readonly name: string; readonly backend: Backend } | undefined;

/** The backend with this name, created on first use (the one held before is closed). */
export async function useBackend(name: string): Promise<Backend> {
  if (current?.name === name) return current.backend;
  if (current !== undefined) {
    const previous = current;
    current = undefined;
    await previous.backend.close?.();
  }
  const provider = await browserBackendProvider(name);
  const availability = await provider.availability();
  if (!availability.available) throw new Error(`${name} is not available in this browser: ${availability.reason}`);
  const backend = await provider.create();
  current = { name, backend };
  return backend;
}
