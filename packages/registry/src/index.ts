/**
 * @alexnet-ts/registry: which backends a program can run, by `--backend` name. Browser-safe:
 * it knows only the backend modules it is given. `@alexnet-ts/registry/node` adds discovery of
 * the backend packages installed in node_modules.
 */
export { BackendRegistry, type BackendStatus } from "./registry.js";
export { BackendChoiceError, loadFailureHint } from "./errors.js";
export { loadedSource, type BackendModule, type BackendSource } from "./source.js";
