import type { Backend } from "@alexnet-ts/engine";
import { browserBackendRegistry } from "./backend-registry.js";

/**
 * The one backend the worker holds at a time. TensorFlow.js runs one engine per JavaScript realm,
 * so switching backends closes the previous one first.
 */
let current: { readonly name: string; readonly backend: Backend } | undefined;

/** The backend with this name, created on first use (the one held before is closed); an unknown or unavailable name is the registry's one-line error. */
export async function useBackend(name: string): Promise<Backend> {
  if (current?.name === name) return current.backend;
  if (current !== undefined) {
    const previous = current;
    current = undefined;
    await previous.backend.close?.();
  }
  const backend = await browserBackendRegistry.create(name);
  current = { name, backend };
  return backend;
}
