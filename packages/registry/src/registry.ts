import type { Backend, BackendAvailability, BackendProvider } from "@alexnet-ts/engine";
import { BackendChoiceError, loadFailureHint } from "./errors.js";
import type { BackendSource } from "./source.js";

/** One row of a backend listing (`alexnet backends`). */
export interface BackendStatus {
  readonly name: string;
  readonly description: string;
  readonly available: boolean;
  readonly reason?: string;
  readonly howToEnable?: string;
}

/** A provider and the package it came from. */
interface Entry {
  readonly provider: BackendProvider;
  readonly packageName: string;
}

/**
 * A provider's availability; a check that throws (a browser API that fails rather than
 * answering) is an unavailable backend with the error's first line, so the others still list.
 */
async function availabilityOf(provider: BackendProvider): Promise<BackendAvailability> {
  try {
    return await provider.availability();
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return { available: false, reason: `its availability check failed: ${message}`, howToEnable: "choose another backend" };
  }
}

/** Providers by preference: lower rank first (a provider without one comes last), then by name. */
function byPreference(a: Entry, b: Entry): number {
  const rank = (entry: Entry): number => entry.provider.rank ?? Number.POSITIVE_INFINITY;
  return rank(a) - rank(b) || a.provider.name.localeCompare(b.provider.name);
}

/**
 * The backends a program can run. Packages are imported lazily and in order: resolving a name
 * stops at the first package that provides it; listing, or an unknown name, imports them all.
 */
export class BackendRegistry {
  private readonly loaded = new Map<BackendSource, Promise<readonly Entry[]>>();

  constructor(private readonly sources: readonly BackendSource[]) {}

  /** Every `--backend` name, most preferred first. */
  async names(): Promise<string[]> {
    return (await this.entries()).map((entry) => entry.provider.name);
  }

  /** The provider for a name; an unknown name is a BackendChoiceError listing the names there are. */
  async provider(name: string): Promise<BackendProvider> {
    const failures: string[] = [];
    for (const source of this.sources) {
      const entries = await this.load(source).catch((error: Error) => {
        failures.push(error.message);
        return [];
      });
      const found = entries.find((entry) => entry.provider.name === name);
      if (found !== undefined) return found.provider;
    }
    if (failures.length > 0) throw new BackendChoiceError(`backend "${name}" was not found, and ${failures.join("; ")}`);
    throw new BackendChoiceError(`unknown backend "${name}"; choose one of: ${(await this.names()).join(", ")} (see \`alexnet backends\`)`);
  }

  /** The availability of every backend here, most preferred first, without creating any; a package that fails to load is a row too. */
  async list(): Promise<BackendStatus[]> {
    const rows: BackendStatus[] = [];
    for (const source of this.sources) {
      const failure = await this.load(source).then(
        () => undefined,
        (error: Error) => error.message,
      );
      if (failure !== undefined) rows.push({ name: source.packageName, description: "", available: false, reason: failure, howToEnable: loadFailureHint(failure) });
    }
    for (const { provider } of await this.entries()) {
      const availability = await availabilityOf(provider);
      const row = { name: provider.name, description: provider.description };
      rows.push(availability.available ? { ...row, available: true } : { ...row, available: false, reason: availability.reason, howToEnable: availability.howToEnable });
    }
    return rows;
  }

  /** The most preferred provider that is available here (by rank), or a BackendChoiceError saying why none is. */
  async best(): Promise<BackendProvider> {
    for (const { provider } of await this.entries()) if ((await availabilityOf(provider)).available) return provider;
    throw new BackendChoiceError(`no backend is available here (found: ${(await this.names()).join(", ") || "none"}); install @alexnet-ts/backend-cpu, which runs everywhere`);
  }

  /** A ready backend; an unknown name, or one not available here, is a BackendChoiceError naming the available ones. */
  async create(name: string): Promise<Backend> {
    const provider = await this.provider(name);
    const availability = await availabilityOf(provider);
    if (!availability.available) {
      const available = (await this.list()).filter((row) => row.available).map((row) => row.name);
      throw new BackendChoiceError(`backend "${name}" is not available here: ${availability.reason} (${availability.howToEnable}); available: ${available.join(", ")}`);
    }
    return provider.create();
  }

  /** Every provider of the packages that load, by preference (a name provided twice: the first). */
  private async entries(): Promise<Entry[]> {
    const all: Entry[] = [];
    for (const source of this.sources) all.push(...(await this.load(source).catch(() => [])));
    const seen = new Set<string>();
    return all.sort(byPreference).filter((entry) => !seen.has(entry.provider.name) && seen.add(entry.provider.name));
  }

  private load(source: BackendSource): Promise<readonly Entry[]> {
    let entries = this.loaded.get(source);
    if (entries === undefined) {
      entries = source.load().then(
        (module) => {
          if (!Array.isArray(module.backendProviders)) throw new BackendChoiceError(`${source.packageName} does not export backendProviders`);
          return module.backendProviders.map((provider) => ({ provider, packageName: source.packageName }));
        },
        (error: unknown) => {
          const message = (error as Error).message.split("\n")[0];
          throw new BackendChoiceError(`backend package ${source.packageName} could not be loaded: ${message} (${loadFailureHint(message)})`);
        },
      );
      this.loaded.set(source, entries);
    }
    return entries;
  }
}
