import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every workspace package declares what it imports, where npm and turbo can see it: a package's
// code imports only its dependencies (optional and peer ones included), its tests, test helpers,
// scripts and README examples may also use its devDependencies and the root's tools (vitest,
// typescript), and a workspace package it declares is one it imports. An undeclared import works here only because npm hoists every
// package to the root; turbo then builds in the wrong order and a published package breaks.
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const readManifest = (folder: string): Manifest => JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as Manifest;
const rootTools = Object.keys(readManifest(repositoryRoot).devDependencies ?? {});
const builtins = new Set(builtinModules);

const workspaces = ["packages", "apps"].flatMap((root) =>
  readdirSync(join(repositoryRoot, root))
    .map((name) => join(repositoryRoot, root, name))
    .filter((folder) => existsSync(join(folder, "package.json"))),
);

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return entry === "node_modules" || entry === "dist" ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry) && !entry.endsWith(".d.ts") ? [path] : [];
  });
}

/** The package an import specifier names ("@scope/name" or "name"), or undefined for a relative path or a Node built-in. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:") || builtins.has(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Imports, re-exports and dynamic imports, read by TypeScript's scanner (so text inside template strings is not an import). */
function packagesImportedBy(code: string): string[] {
  const { importedFiles } = ts.preProcessFile(code, true, true);
  return importedFiles.map((imported) => packageOf(imported.fileName)).filter((name): name is string => name !== undefined);
}

const importedPackages = (file: string): string[] => packagesImportedBy(readFileSync(file, "utf8"));

/** The packages the README's ```ts examples import (the documentation test runs them). */
function readmeImports(folder: string): string[] {
  const readme = join(folder, "README.md");
  if (!existsSync(readme)) return [];
  return [...readFileSync(readme, "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].flatMap((match) => packagesImportedBy(match[1]));
}

/** Tests, test helpers (test-*.ts, a folder such as browser-tests/) and scripts: they may use devDependencies. */
const isTestOrScript = (folder: string, file: string): boolean => {
  const path = relative(folder, file);
  return path.startsWith("scripts/") || /\.test\.ts$/.test(path) || /(^|\/)test-[^/]*\.ts$/.test(path) || /(^|\/)[^/]*tests\//.test(path);
};

describe("workspace dependencies", () => {
  it.each(workspaces.map((folder) => [relative(repositoryRoot, folder), folder] as const))("%s declares every package it imports", (_label, folder) => {
    const manifest = readManifest(folder);
    const runtime = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies })]);
    const development = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {}), ...rootTools]);
    const undeclared: string[] = [];
    for (const file of [...sourceFiles(join(folder, "src")), ...sourceFiles(join(folder, "scripts"))]) {
      const allowed = isTestOrScript(folder, file) ? development : runtime;
      for (const name of importedPackages(file)) {
        if (!allowed.has(name)) undeclared.push(`${relative(folder, file)} imports ${name}`);
      }
    }
    for (const name of readmeImports(folder)) if (!development.has(name)) undeclared.push(`README.md's example imports ${name}`);
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it.each(workspaces.map((folder) => [relative(repositoryRoot, folder), folder] as const))("%s imports every workspace package it declares", (_label, folder) => {
    const manifest = readManifest(folder);
    const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies });
    const imported = new Set([...[...sourceFiles(join(folder, "src")), ...sourceFiles(join(folder, "scripts"))].flatMap(importedPackages), ...readmeImports(folder)]);
    expect(declared.filter((name) => name.startsWith("@alexnet-ts/") && !imported.has(name))).toEqual([]);
  });
});
