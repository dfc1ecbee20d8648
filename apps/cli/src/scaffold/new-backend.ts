import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
 * The kernels every scaffolded package starts with: plain TypeScript loops, one op per file,
 * copied as they are (they name no backend). They live as source beside this file so the CLI's
 * own type-check covers them; the path is the same from src/scaffold/ and dist/scaffold/.
 */
const templateFolder = fileURLToPath(new URL("../../src/scaffold/template/", import.meta.url));

/**
 * Writes a new backend package that compiles, is found by the backend registry (its package.json
 * marks it as a backend package; the name is declared once, in its provider), and passes the
 * conformance suite from the start: its required core is straightforward TypeScript loops over
 * Float32Arrays (src/unary.ts, src/conv2d.ts, …), and every other op comes from the contract's
 * defaults. At run time it depends on `@alexnet-ts/engine` only; the conformance suite is a
 * devDependency of its one test file. Making the core fast, op by op, is the work left.
 * Returns the package folder.
 */
export function generateBackendPackage(options: NewBackendOptions): string {
  const { name } = options;
  if (!namePattern.test(name)) throw new ScaffoldError(`backend name "${name}" must be lower-case letters, digits and dashes, starting with a letter`);
  const folder = join(options.parentFolder, `backend-${name}`);
  if (existsSync(folder)) throw new ScaffoldError(`${folder} already exists; choose another name or remove it`);
  const identifier = toIdentifier(name);
  const files: Record<string, string> = {
    "package.json": packageTemplate(name),
    "tsconfig.json": `${JSON.stringify({ extends: options.tsconfigBase ?? "../../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"] }, null, 2)}\n`,
    "tsconfig.build.json": `${JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { customConditions: [] }, exclude: ["src/**/*.test.ts"] }, null, 2)}\n`,
    ...kernelFiles(),
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

/** The template's kernel files, as `src/<file>` → content. */
function kernelFiles(): Record<string, string> {
  const names = readdirSync(templateFolder).filter((file) => file.endsWith(".ts"));
  return Object.fromEntries(names.map((file) => [`src/${file}`, readFileSync(join(templateFolder, file), "utf8")]));
}

function packageTemplate(name: string): string {
  const manifest = {
    name: `@alexnet-ts/backend-${name}`,
    version: "0.1.0",
    description: `The ${name} backend for the AlexNet toolkit.`,
    type: "module",
    license: "MIT",
    exports: { ".": { source: "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" } },
    files: ["dist"],
    scripts: {
      build: "tsc -p tsconfig.build.json",
      "check-types": "tsc -p tsconfig.json --noEmit",
      test: `vitest run --config ../../vitest.config.ts --project backend-${name}`,
    },
    dependencies: { "@alexnet-ts/engine": "0.1.0" },
    devDependencies: { "@alexnet-ts/conformance": "0.1.0" },
    "alexnet-ts": { backendPackage: true },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function indexTemplate(name: string, identifier: string): string {
  return `import { backendContractVersion, withDefaults, type Backend, type BackendImplementation, type BackendProvider } from "@alexnet-ts/engine";
import { binary } from "./binary.js";
import { concat } from "./concat.js";
import { conv2d } from "./conv2d.js";
import { matmul } from "./matmul.js";
import { maxPool2d } from "./max-pool2d.js";
import { pad } from "./pad.js";
import { reduce } from "./reduce.js";
import { reshape } from "./reshape.js";
import { slice } from "./slice.js";
import { transpose } from "./transpose.js";
import { unary } from "./unary.js";
import { TensorStore } from "./tensor-store.js";
import type { ArrayTensor } from "./tensor.js";

/**
 * The ${name} backend's required core: plain TypeScript loops over Float32Arrays, one op per
 * file (src/conv2d.ts, src/matmul.ts, …), correct and slow. Make them fast one at a time,
 * running \`npx vitest run --project backend-${name}\` after each; then override defaulted ops
 * (see BackendOverrides in @alexnet-ts/engine) where it pays.
 */
export function create${identifier}Core() {
  const tensors = new TensorStore();
  return {
    name: "${name}",
    contractVersion: backendContractVersion,
    describe: () => "${name}: TypeScript loops (scaffold)",
    upload: (values, shape) => tensors.upload(values, shape),
    download: async (tensor) => tensors.read("download", tensor).values.slice(),
    dispose: (tensor) => tensors.dispose(tensor),
    liveTensorCount: () => tensors.count,
    unary: (op, x) => tensors.adopt(unary(op, tensors.read("unary", x))),
    binary: (op, a, b) => tensors.adopt(binary(op, tensors.read("binary", a), tensors.read("binary", b))),
    reduce: (op, x, options) => tensors.adopt(reduce(op, tensors.read("reduce", x), options)),
    matmul: (a, b, options) => tensors.adopt(matmul(tensors.read("matmul", a), tensors.read("matmul", b), options)),
    conv2d: (x, filter, options) => tensors.adopt(conv2d(tensors.read("conv2d", x), tensors.read("conv2d", filter), options)),
    maxPool2d: (x, options) => tensors.adopt(maxPool2d(tensors.read("maxPool2d", x), options)),
    reshape: (x, shape) => tensors.adopt(reshape(tensors.read("reshape", x), shape)),
    transpose: (x, permutation) => tensors.adopt(transpose(tensors.read("transpose", x), permutation)),
    pad: (x, padding, value) => tensors.adopt(pad(tensors.read("pad", x), padding, value)),
    slice: (x, options) => tensors.adopt(slice(tensors.read("slice", x), options)),
    concat: (inputs, axis) => tensors.adopt(concat(inputs.map((input) => tensors.read("concat", input)), axis)),
  } satisfies BackendImplementation<ArrayTensor>;
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

- \`src/index.ts\`: \`create${identifier}Core()\` (the required core) and \`backendProviders\` (how the CLI finds it).
- \`src/unary.ts\`, \`src/conv2d.ts\`, …: one file per core op, plain TypeScript loops over Float32Arrays; \`src/tensor-store.ts\` owns the tensors (upload, download, dispose, the leak count). Every other op comes from the engine's defaults.
- \`src/conformance.test.ts\`: the shared conformance suite; run \`npx vitest run --project backend-${name}\`.
- Use it: \`npm install\` (links the package), \`npm run build\`, then \`npx alexnet predict --backend ${name} --variant small\`.

At run time the package depends only on \`@alexnet-ts/engine\`; \`@alexnet-ts/conformance\` is a devDependency for the test. See docs/adding-a-backend.md for the checklist.
`;
}
