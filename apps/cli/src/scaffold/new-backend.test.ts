import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runConformance } from "@alexnet-ts/conformance";
import type { Backend, BackendProvider } from "@alexnet-ts/engine";
import { describe, expect, it } from "vitest";
import { BackendRegistry } from "@alexnet-ts/registry";
import { readBackendPackage } from "@alexnet-ts/registry/node";
import { generateBackendPackage, ScaffoldError } from "./new-backend.js";

// The scaffold's output is generated inside the repository (in the ignored folder .scaffold-test/)
// so that it resolves the workspace packages exactly as a new packages/backend-NAME would.
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const parentFolder = join(repositoryRoot, ".scaffold-test");
rmSync(join(parentFolder, "backend-scaffolded"), { recursive: true, force: true });
const folder = generateBackendPackage({ name: "scaffolded", parentFolder });
const generated = (await import(pathToFileURL(join(folder, "src/index.ts")).href)) as {
  createScaffoldedBackend(): Backend;
  backendProviders: BackendProvider[];
};

describe("alexnet new-backend", () => {
  it("writes a package marked as a backend package for the registry", () => {
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    expect(manifest.name).toBe("@alexnet-ts/backend-scaffolded");
    expect(manifest["alexnet-ts"]).toEqual({ backendPackage: true });
    expect(existsSync(join(folder, "src/conformance.test.ts"))).toBe(true);
  });

  it("depends at run time only on the contract: its kernels are its own, the suite a devDependency", () => {
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).toEqual(["@alexnet-ts/engine"]);
    expect(Object.keys(manifest.devDependencies)).toEqual(["@alexnet-ts/conformance"]);
    const sources = readdirSync(join(folder, "src")).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
    // One file per core op beside the tensor store and the index.
    expect(sources).toEqual(expect.arrayContaining(["conv2d.ts", "max-pool2d.ts", "matmul.ts", "slice.ts", "tensor-store.ts", "index.ts"]));
    for (const file of sources) {
      const imported = [...readFileSync(join(folder, "src", file), "utf8").matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
      expect(imported.filter((specifier) => !specifier.startsWith("./") && specifier !== "@alexnet-ts/engine"), file).toEqual([]);
    }
  });

  it("is found by the registry and creates a working backend", async () => {
    const backendPackage = readBackendPackage(folder);
    expect(backendPackage?.packageName).toBe("@alexnet-ts/backend-scaffolded");
    const registry = new BackendRegistry([backendPackage!]);
    expect(await registry.names()).toEqual(["scaffolded"]);
    const backend = await registry.create("scaffolded");
    const tensor = backend.upload(Float32Array.from([1, -2]), [2]);
    const activated = backend.unary("relu", tensor);
    expect(Array.from(await backend.download(activated))).toEqual([1, 0]);
    backend.dispose(tensor);
    backend.dispose(activated);
  });

  it("compiles with the project's strict TypeScript settings", () => {
    const compiler = join(repositoryRoot, "node_modules/typescript/bin/tsc");
    // Throws with the compiler's messages if the generated code does not type-check.
    execFileSync(process.execPath, [compiler, "-p", join(folder, "tsconfig.json"), "--noEmit"], { cwd: repositoryRoot, stdio: "pipe" });
  });

  it("refuses a bad name and an existing folder", () => {
    expect(() => generateBackendPackage({ name: "Bad_Name", parentFolder })).toThrow(ScaffoldError);
    expect(() => generateBackendPackage({ name: "scaffolded", parentFolder })).toThrow(/already exists/);
  });
});

// The proof that implementing only the required core is enough: the scaffolded backend (its own
// plain-loop core kernels, every other op from the contract's defaults) passes the whole suite.
describe("the scaffolded backend", () => {
  runConformance(() => generated.createScaffoldedBackend());
});
