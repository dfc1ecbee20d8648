import type { BackendProvider } from "@alexnet-ts/engine";

/** What a backend package's main module exports: its providers, one per `--backend` name. */
export interface BackendModule {
  readonly backendProviders: readonly BackendProvider[];
}

/**
 * Where a registry gets providers from: a package, imported only when its providers are needed
 * (so a program that asks for `cpu` never loads TensorFlow.js).
 */
export interface BackendSource {
  /** The package's name, for messages. */
  readonly packageName: string;
  /** Imports the package and returns its module. */
  load(): Promise<BackendModule>;
}

/** A source for a module already imported, for example `loadedSource("@alexnet-ts/backend-cpu", await import("@alexnet-ts/backend-cpu"))`. */
export function loadedSource(packageName: string, module: BackendModule): BackendSource {
  return { packageName, load: () => Promise.resolve(module) };
}
