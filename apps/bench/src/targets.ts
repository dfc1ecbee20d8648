import { spawnSync } from "node:child_process";
import { BenchUsageError } from "./errors.js";

/**
 * One `--backends` entry: a backend name and, after `@`, options for it
 * (`cpu@threads=1`, `cpu@kernel=simd128@threads=2`). Options reach the child process as
 * environment variables (see {@link optionVariable}), so one run can hold the same backend in
 * several configurations side by side.
 */
export interface BackendSpecification {
  /** The entry as written: the row's label. */
  readonly label: string;
  readonly backend: string;
  /** Set for a `browser:NAME` entry: the backend runs in headless Chromium, not in a Node child. */
  readonly browser?: true;
  /** Option name → value, in the order written. */
  readonly options: readonly (readonly [string, string])[];
}

const optionNamePattern = /^[a-z][a-z0-9-]*$/;

/** How a `--backends` entry names a backend run in the browser: `browser:cpu`. */
export const browserPrefix = "browser:";

/**
 * Splits `name@key=value@key=value`; a malformed option is a one-line usage error. `browser:NAME`
 * is the browser's backend of that name (no options: they reach Node children only).
 */
export function parseBackendSpecification(entry: string): BackendSpecification {
  if (entry.startsWith(browserPrefix)) {
    const backend = entry.slice(browserPrefix.length);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(backend)) {
      throw new BenchUsageError(`--backends ${entry}: write browser:NAME with a backend name the browser offers (browser:cpu, browser:tfjs-wasm, …); options after @ are for Node backends only`);
    }
    return { label: entry, backend, options: [], browser: true };
  }
  const [backend, ...parts] = entry.split("@");
  const options: [string, string][] = [];
  for (const part of parts) {
    const equals = part.indexOf("=");
    const name = equals < 0 ? part : part.slice(0, equals);
    const value = equals < 0 ? "" : part.slice(equals + 1);
    if (!optionNamePattern.test(name) || value === "") {
      throw new BenchUsageError(`--backends ${entry}: "${part}" is not an option; write backend@name=value, for example cpu@threads=1`);
    }
    if (options.some(([existing]) => existing === name)) throw new BenchUsageError(`--backends ${entry} sets ${name} twice`);
    options.push([name, value]);
  }
  return { label: entry, backend, options };
}

/**
 * The environment variable that carries option `name` of `backend` to its child:
 * `ALEXNET_<BACKEND>_<NAME>` in capitals, dashes as underscores (cpu@threads=1 →
 * ALEXNET_CPU_THREADS=1). Backends read their own variables and reject bad values.
 */
export function optionVariable(backend: string, name: string): string {
  return `ALEXNET_${backend}_${name}`.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/** The child's environment for one backend specification: `base` plus its option variables. */
export function environmentFor(specification: BackendSpecification, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const environment = { ...base };
  for (const [name, value] of specification.options) environment[optionVariable(specification.backend, name)] = value;
  return environment;
}

/** A Node binary the children run under. */
export interface NodeRuntime {
  /** The path as given, or process.execPath for `self`. */
  readonly path: string;
  /** `process.version` of that binary, for example "v22.23.5". */
  readonly version: string;
}

/**
 * Resolves `--node` entries: `self` is the Node running the benchmark; anything else must be a
 * Node binary that answers `--version` (checked now, so a wrong path fails before any child starts).
 */
export function resolveNodeRuntimes(entries: readonly string[]): NodeRuntime[] {
  const runtimes: NodeRuntime[] = [];
  for (const entry of entries) {
    if (entry === "self") {
      runtimes.push({ path: process.execPath, version: process.version });
      continue;
    }
    const answer = spawnSync(entry, ["--version"], { encoding: "utf8", timeout: 20_000 });
    const version = answer.status === 0 ? answer.stdout.trim() : "";
    if (!/^v\d+\.\d+\.\d+/.test(version)) {
      const why = answer.error?.message ?? (answer.stderr.trim().split("\n")[0] || `it printed "${answer.stdout.trim().split("\n")[0].slice(0, 40)}"`);
      throw new BenchUsageError(`--node ${entry} is not a Node binary that runs here (${why}); give the path of a node executable, or self`);
    }
    runtimes.push({ path: entry, version });
  }
  const duplicate = runtimes.find((runtime, index) => runtimes.findIndex((other) => other.version === runtime.version) !== index);
  if (duplicate !== undefined) throw new BenchUsageError(`--node names two binaries of Node ${duplicate.version}; rows are labelled by version, give each once`);
  return runtimes;
}

/** A row label for `label` under `runtime` when the run names Node binaries: "cpu/node-v22.23.5". */
export function labelUnderNode(label: string, runtime: NodeRuntime): string {
  return `${label}/node-${runtime.version}`;
}
