import type { Backend } from "@alexnet-ts/engine";
import { installedBackendRegistry } from "@alexnet-ts/registry/node";

/** A ready backend for a `--backend` name from the installed backend packages (see BackendRegistry.create). */
export function resolveBackend(name: string): Promise<Backend> {
  return installedBackendRegistry().create(name);
}
