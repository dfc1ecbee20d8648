/**
 * @alexnet-ts/registry/node: the registry of the backend packages installed beside a program.
 * A backend package says so in its package.json — `"alexnet-ts": { "backendPackage": true }` —
 * and its main module exports `backendProviders`. Packages are found in `node_modules/@alexnet-ts/`
 * and `node_modules/alexnet-backend-*`, walking up from each start folder; only package.json
 * files are read until a backend is asked for.
 */
export { discoverBackendPackages, readBackendPackage } from "./discover.js";
export { installedBackendRegistry } from "./installed.js";
