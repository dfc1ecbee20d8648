import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { coreOps } from "@alexnet-ts/engine";

/** What `alexnet new-backend` needs to know. */
export interface NewBackendOptions {
  /** The `--backend` name, lower-case letters, digits and dashes: "my-gpu". */
  readonly name: string;
  /** The tsconfig the package's tsconfig.json extends, relative to the package folder (default ../../tsconfig.base.json). */
  readonly tsconfigBase?: string;
  /** The folder that receives `backend-<name>/` (the monorepo's `packages/`). */
  readonly parentFolder: string;
}

/** A bad backend name or an existing folder: one line for the user. */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScaffoldError";
  }
}

const namePattern = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * Writes a new backend package that compiles, is found by the backend registry (its package.json
 * marks it as a backend package; the name is declared once, in its provider), and passes the conformance suite from the start: its required core delegates to
 * the conformance package's float64 reference loops, and every other op comes from the contract's
 * defaults. Replacing the delegating core ops one by one with real kernels is the work left.
 * Returns the package folder.
 */
export function generateBackendPackage(options: NewBackendOptions): string {
  const { name } = options;
  if (!namePattern.test(name)) throw new ScaffoldError(`backend name "${name}" must be lower-case letters, digits and dashes, starting with a letter`);
  const folder = join(options.parentFolder, `backend-${name}`);
  if (existsSync(folder)) throw new ScaffoldError(`${folder} already exists; choose another name or remove it`);
  const identifier = toIdentifier(name);
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify(
      {
        name: `@alexnet-ts/backend-${name}`,
        version: "0.1.0",
        description: `The ${name} backend for the AlexNet toolkit.`,
        type: "module",
        license: "MIT",
        exports: { ".": { source: "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" } },
        files: ["dist"],
        scripts: { build: "tsc -p tsconfig.build.json", "check-types": "tsc -p tsconfig.json --noEmit" },
        dependencies: { "@alexnet-ts/engine": "0.1.0", "@alexnet-ts/conformance": "0.1.0" },
        "alexnet-ts": { backendPackage: true },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify({ extends: options.tsconfigBase ?? "../../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"] }, null, 2)}\n`,
    "tsconfig.build.json": `${JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { customConditions: [] }, exclude: ["src/**/*.test.ts"] }, null, 2)}\n`,
    "src/index.ts": indexTemplate(name, identifier),
    "src/conformance.test.ts": conformanceTemplate(identifier),
    "README.md": readmeTemplate(name, identifier),
  };
  // Write into a temporary folder beside the target, then rename: no half-made package on failure.
  const staging = `${folder}.tmp-${process.pid}`;
  for (const [relativePath, content] of Object.entries(files)) {
    const path = join(staging, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  renameSync(staging, folder);
  return folder;
}

function toIdentifier(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

function indexTemplate(name: string, identifier: string): string {
  const delegations = coreOps
    .filter((op) => !["upload", "download", "dispose", "liveTensorCount"].includes(op))
    .map((op) => `    ${op}: (...args) => loops.${op}(...args),`)
    .join("\n");
  return `import { createReferenceBackend } from "@alexnet-ts/conformance";
import { backendContractVersion, withDefaults, type Backend, type BackendImplementation, type BackendProvider } from "@alexnet-ts/engine";

/**
 * The ${name} backend's required core. Each op delegates to the conformance package's float64
 * reference loops, so the backend is correct (and slow) from the start: replace them one at a
 * time with real kernels, running \`npx vitest run --project backend-${name}\` after each.
 * Then override defaulted ops (see BackendOverrides in @alexnet-ts/engine) where it pays.
 */
export function create${identifier}Core() {
  const loops = createReferenceBackend();
  return {
    name: "${name}",
    contractVersion: backendContractVersion,
    describe: () => "${name}: reference loops (scaffold)",
    upload: (values, shape) => loops.upload(values, shape),
    download: (tensor) => loops.download(tensor),
    dispose: (tensor) => loops.dispose(tensor),
    liveTensorCount: () => loops.liveTensorCount(),
${delegations}
  } satisfies BackendImplementation<ReturnType<typeof loops.upload>>;
}

/** A complete backend: the core above plus the contract's defaults for every other op. */
export function create${identifier}Backend(): Backend {
  return withDefaults(create${identifier}Core()) as unknown as Backend;
}

/** How the backend registry (and so the \`alexnet\` CLI) finds and makes this backend. */
export const backendProviders: BackendProvider[] = [
  {
    name: "${name}",
    description: "${name} backend (scaffolded)",
    availability: async () => ({ available: true }),
    create: async () => create${identifier}Backend(),
  },
];
`;
}

function conformanceTemplate(identifier: string): string {
  return `import { runConformance } from "@alexnet-ts/conformance";
import { create${identifier}Backend } from "./index.js";

runConformance(() => create${identifier}Backend());
`;
}

function readmeTemplate(name: string, identifier: string): string {
  return `# backend-${name}

A backend for the AlexNet toolkit, scaffolded by \`alexnet new-backend ${name}\`.

- \`src/index.ts\`: \`create${identifier}Core()\` (the required core, delegating to reference loops until you write kernels) and \`backendProviders\` (how the CLI finds it).
- \`src/conformance.test.ts\`: the shared conformance suite; run \`npx vitest run --project backend-${name}\`.
- Use it: \`npm install\` (links the package), \`npm run build\`, then \`npx alexnet predict --backend ${name} --variant small\`.

See docs/adding-a-backend.md for the checklist.
`;
}
