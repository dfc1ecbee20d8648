import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Backend, BackendProvider } from "@alexnet-ts/engine";
import { UsageError } from "./errors.js";

/**
 * Backends are packages. A backend package says so in its package.json —
 *
 *   "alexnet-ts": { "backends": ["cpu"] }
 *
 * — and its main module exports `backendProviders: BackendProvider[]`. The CLI finds them in
 * `node_modules/@alexnet-ts/` (workspace packages are linked there by `npm install`) and in
 * `node_modules/alexnet-backend-*`, reading only package.json files until a backend is asked for,
 * so `alexnet summary` never loads TensorFlow.js or gpu.js.
 */
export interface BackendPackage {
  /** The names this package provides, known without importing it. */
  readonly names: readonly string[];
  /** The package's name, for messages. */
  readonly packageName: string;
  /** Imports the package and returns its providers. */
  load(): Promise<readonly BackendProvider[]>;
}

/** The order `alexnet backends` lists the project's own backends in; others follow by name. */
const preferredOrder = ["cpu", "tfjs-cpu", "tfjs-wasm", "tfjs-webgl", "tfjs-webgpu", "tfjs-node", "gpujs", "gpujs-webgl", "gpujs-webgpu", "gpujs-wasm"];

/** Reads a folder holding one package, or returns undefined when it is not a backend package. */
export function readBackendPackage(folder: string): BackendPackage | undefined {
  const manifestPath = join(folder, "package.json");
  if (!existsSync(manifestPath)) return undefined;
  let manifest: { name?: string; "alexnet-ts"?: { backends?: unknown } };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    return undefined;
  }
  const names = manifest["alexnet-ts"]?.backends;
  if (!Array.isArray(names) || names.some((name) => typeof name !== "string")) return undefined;
  const packageName = manifest.name ?? folder;
  return {
    names: names as string[],
    packageName,
    async load() {
      const module = (await import(pathToFileURL(resolveEntry(folder)).href)) as { backendProviders?: readonly BackendProvider[] };
      if (!Array.isArray(module.backendProviders)) throw new Error(`${packageName} does not export backendProviders`);
      return module.backendProviders;
    },
  };
}

/** The module a package folder's "exports" (or "main") points at: dist when built, src under the test runner. */
function resolveEntry(folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
    exports?: { ".": { source?: string; default?: string } };
    main?: string;
  };
  const entry = manifest.exports?.["."];
  const built = entry?.default ?? manifest.main ?? "index.js";
  const source = entry?.source;
  if (source !== undefined && (process.env.VITEST !== undefined || !existsSync(join(folder, built)))) return join(folder, source);
  return join(folder, built);
}

/** Every backend package visible from the given folders' node_modules (walking up from each). */
export function discoverBackendPackages(startFolders: readonly string[] = defaultStartFolders()): BackendPackage[] {
  const seen = new Set<string>();
  const found: BackendPackage[] = [];
  for (const start of startFolders) {
    for (let folder = resolve(start); ; folder = dirname(folder)) {
      const modules = join(folder, "node_modules");
      for (const candidate of packageFoldersIn(modules)) {
        const real = resolve(candidate);
        if (seen.has(real)) continue;
        seen.add(real);
        const backendPackage = readBackendPackage(real);
        if (backendPackage !== undefined && !found.some((known) => known.packageName === backendPackage.packageName)) found.push(backendPackage);
      }
      if (dirname(folder) === folder) break;
    }
  }
  return found;
}

function packageFoldersIn(modules: string): string[] {
  const folders: string[] = [];
  const scoped = join(modules, "@alexnet-ts");
  if (existsSync(scoped)) for (const name of readdirSync(scoped)) folders.push(join(scoped, name));
  if (existsSync(modules)) for (const name of readdirSync(modules)) if (name.startsWith("alexnet-backend-")) folders.push(join(modules, name));
  return folders;
}

function defaultStartFolders(): string[] {
  return [dirname(fileURLToPath(import.meta.url)), process.cwd()];
}

/** A problem with the backend the user asked for: one line, exit code 2. */
export class BackendChoiceError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "BackendChoiceError";
  }
}

/** The registry of backends the CLI can run. */
export class BackendRegistry {
  constructor(private readonly packages: readonly BackendPackage[] = discoverBackendPackages()) {}

  /** Every `--backend` name, the project's own first. */
  names(): string[] {
    const names = this.packages.flatMap((backendPackage) => backendPackage.names);
    const rank = (name: string): number => (preferredOrder.includes(name) ? preferredOrder.indexOf(name) : preferredOrder.length);
    return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  /** The provider for a name, or a BackendChoiceError listing the names there are. */
  async provider(name: string): Promise<BackendProvider> {
    const backendPackage = this.packages.find((candidate) => candidate.names.includes(name));
    if (backendPackage === undefined) {
      throw new BackendChoiceError(`unknown backend "${name}"; choose one of: ${this.names().join(", ")} (see \`alexnet backends\`)`);
    }
    let providers: readonly BackendProvider[];
    try {
      providers = await backendPackage.load();
    } catch (error) {
      throw new BackendChoiceError(`backend "${name}" could not be loaded from ${backendPackage.packageName}: ${(error as Error).message}`);
    }
    const provider = providers.find((candidate) => candidate.name === name);
    if (provider === undefined) throw new BackendChoiceError(`${backendPackage.packageName} lists backend "${name}" but does not provide it`);
    return provider;
  }

  /** The availability of every backend here, without creating any. */
  async list(): Promise<BackendStatus[]> {
    const rows: BackendStatus[] = [];
    for (const name of this.names()) {
      let provider: BackendProvider;
      try {
        provider = await this.provider(name);
      } catch (error) {
        rows.push({ name, description: "", available: false, reason: (error as Error).message, howToEnable: loadFailureHint((error as Error).message) });
        continue;
      }
      const availability = await provider.availability();
      rows.push(
        availability.available
          ? { name, description: provider.description, available: true }
          : { name, description: provider.description, available: false, reason: availability.reason, howToEnable: availability.howToEnable },
      );
    }
    return rows;
  }

  /** A ready backend; an unknown name, or one not available here, is a BackendChoiceError naming the available ones. */
  async create(name: string): Promise<Backend> {
    const provider = await this.provider(name);
    const availability = await provider.availability();
    if (!availability.available) {
      const available = (await this.list()).filter((row) => row.available).map((row) => row.name);
      throw new BackendChoiceError(`backend "${name}" is not available here: ${availability.reason} (${availability.howToEnable}); available: ${available.join(", ")}`);
    }
    return provider.create();
  }
}

/**
 * What to do about a backend package that would not load: one whose built module is missing (a
 * freshly scaffolded backend, or a checkout never built) needs a build, not a reinstall.
 */
export function loadFailureHint(message: string): string {
  if (/Cannot find module|ERR_MODULE_NOT_FOUND|[/\\]dist[/\\]/.test(message)) return "build it: npx turbo run build (or npm run build in its package folder)";
  return "reinstall the package (npm install)";
}

/** One row of `alexnet backends`. */
export interface BackendStatus {
  readonly name: string;
  readonly description: string;
  readonly available: boolean;
  readonly reason?: string;
  readonly howToEnable?: string;
}

let defaultRegistry: BackendRegistry | undefined;

/** The registry of the backends installed beside the CLI. */
export function backendRegistry(): BackendRegistry {
  defaultRegistry ??= new BackendRegistry();
  return defaultRegistry;
}

/** A ready backend for a `--backend` name (see BackendRegistry.create). */
export function resolveBackend(name: string): Promise<Backend> {
  return backendRegistry().create(name);
}
