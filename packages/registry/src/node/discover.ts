import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BackendModule, BackendSource } from "../source.js";

interface Manifest {
  readonly name?: string;
  readonly main?: string;
  readonly exports?: { readonly "."?: { readonly source?: string; readonly default?: string } };
  readonly "alexnet-ts"?: { readonly backendPackage?: unknown };
}

function readManifest(folder: string): Manifest | undefined {
  const path = join(folder, "package.json");
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

/** The module a package's "exports" (or "main") points at: dist when built, src under the test runner or before a build. */
function resolveEntry(folder: string, manifest: Manifest): string {
  const entry = manifest.exports?.["."];
  const built = entry?.default ?? manifest.main ?? "index.js";
  const source = entry?.source;
  if (source !== undefined && (process.env.VITEST !== undefined || !existsSync(join(folder, built)))) return join(folder, source);
  return join(folder, built);
}

/** A folder holding one package as a source, or undefined when it is not a backend package. */
export function readBackendPackage(folder: string): BackendSource | undefined {
  const manifest = readManifest(folder);
  if (manifest?.["alexnet-ts"]?.backendPackage !== true) return undefined;
  return {
    packageName: manifest.name ?? folder,
    load: async () => (await import(pathToFileURL(resolveEntry(folder, manifest)).href)) as BackendModule,
  };
}

function packageFoldersIn(modules: string): string[] {
  const folders: string[] = [];
  const scoped = join(modules, "@alexnet-ts");
  if (existsSync(scoped)) for (const name of readdirSync(scoped).sort()) folders.push(join(scoped, name));
  if (existsSync(modules)) for (const name of readdirSync(modules).sort()) if (name.startsWith("alexnet-backend-")) folders.push(join(modules, name));
  return folders;
}

/** Every backend package visible from the given folders' node_modules (walking up from each), each once. */
export function discoverBackendPackages(startFolders: readonly string[]): BackendSource[] {
  const seen = new Set<string>();
  const found: BackendSource[] = [];
  for (const start of startFolders) {
    for (let folder = resolve(start); ; folder = dirname(folder)) {
      for (const candidate of packageFoldersIn(join(folder, "node_modules"))) {
        const real = resolve(candidate);
        if (seen.has(real)) continue;
        seen.add(real);
        const source = readBackendPackage(real);
        if (source !== undefined && !found.some((known) => known.packageName === source.packageName)) found.push(source);
      }
      if (dirname(folder) === folder) break;
    }
  }
  return found;
}
