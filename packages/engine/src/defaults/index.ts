import { overridableOps, type Backend, type BackendImplementation, type BackendOverrides, type Tensor } from "../backend.js";

/**
 * The defaulted ops, each composed from other ops of `backend` (the required core, or other
 * defaulted ops, which may themselves be overridden). One file per op in this folder.
 */
export function defaultOverrides<T extends Tensor>(backend: Backend<T>): BackendOverrides<T> {
  void backend;
  throw new Error("defaults not written yet");
}

/**
 * A complete backend from an implementation: its own overrides where it has them, the defaults
 * composed from its core elsewhere. The implementation object itself is the prototype, so its
 * methods keep their `this`.
 */
export function withDefaults<T extends Tensor>(implementation: BackendImplementation<T>): Backend<T> {
  const complete = Object.create(implementation) as Backend<T>;
  const defaults = defaultOverrides(complete);
  const provided = implementation as unknown as Record<string, unknown>;
  for (const [name, operation] of Object.entries(defaults)) {
    if (typeof provided[name] !== "function") (complete as unknown as Record<string, unknown>)[name] = operation;
  }
  return complete;
}

/** The defaulted ops an implementation overrides, for reports and for the conformance suite. */
export function overriddenOps<T extends Tensor>(implementation: BackendImplementation<T>): string[] {
  const provided = implementation as unknown as Record<string, unknown>;
  return overridableOps.filter((name) => typeof provided[name] === "function");
}

